package io.maestro.cli.online;

import java.net.URI;
import java.util.Objects;

/**
 * A saved connection to a Maestro server: a name ({@code --profile NAME}), the server's base URL,
 * the API token and, for listings, the user the token belonged to when {@code maestro login}
 * checked it. {@link #toString()} leaves the token out, so it cannot reach a log by accident.
 *
 * @param name the profile's name, e.g. {@code default}, {@code staging}
 * @param server the base URL, e.g. {@code https://maestro.example.com} (no trailing slash)
 * @param token the API token
 * @param user the user name the server answered at login; may be null
 * @param role the role the server answered at login; may be null
 */
public record Profile(String name, URI server, String token, String user, String role) {

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "Profile[name=" + name + ", server=" + server + ", user=" + user + "]";
    }
}
