package io.maestro.cli.online;

import io.maestro.model.MaestroException;
import java.net.URI;
import java.util.Map;

/**
 * Which server and token an online command uses, and where they came from. In order:
 * <ol>
 *   <li>{@code --profile NAME}: that saved profile (an unknown name is a usage error);</li>
 *   <li>{@code MAESTRO_SERVER} / {@code MAESTRO_TOKEN}: each replaces the default profile's value
 *       (both set: no profile needed, e.g. in CI);</li>
 *   <li>the default profile.</li>
 * </ol>
 *
 * @param server the server's base URL
 * @param token the API token
 * @param profileName the profile used, null when both came from the environment
 */
public record Connection(URI server, String token, String profileName) {

    public static final String SERVER_ENV = "MAESTRO_SERVER";
    public static final String TOKEN_ENV = "MAESTRO_TOKEN";

    /** Resolves the connection for {@code --profile} ({@code profileOption}, may be null) and {@code env}. */
    public static Connection resolve(String profileOption, Map<String, String> env) {
        ProfileStore store = ProfileStore.locate(env);
        ProfileStore.Profiles profiles = store.load();
        if (profileOption != null) {
            Profile p = profiles.require(profileOption, store.file());
            return new Connection(p.server(), p.token(), p.name());
        }
        String envServer = blankToNull(env.get(SERVER_ENV));
        String envToken = blankToNull(env.get(TOKEN_ENV));
        Profile fallback = profiles.defaultProfile().orElse(null);
        if (envServer != null && envToken != null) {
            return new Connection(ServerUrl.parse(envServer, SERVER_ENV), envToken, null);
        }
        if (fallback == null) {
            String hint = profiles.all().isEmpty()
                    ? "run `maestro login --server URL --token TOKEN` first"
                    : "pass --profile NAME (saved: " + String.join(", ", profiles.all().stream().map(Profile::name).toList())
                            + ") or make one the default with `maestro profiles use NAME`";
            throw new MaestroException("not logged in: no default profile in " + store.file()
                    + (envServer != null || envToken != null ? " and only one of " + SERVER_ENV + " / " + TOKEN_ENV + " is set" : "")
                    + "; " + hint);
        }
        return new Connection(
                envServer == null ? fallback.server() : ServerUrl.parse(envServer, SERVER_ENV),
                envToken == null ? fallback.token() : envToken,
                fallback.name());
    }

    public ApiClient client() {
        return ApiClient.of(server, token, profileName);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "Connection[server=" + server + ", profile=" + profileName + "]";
    }
}
