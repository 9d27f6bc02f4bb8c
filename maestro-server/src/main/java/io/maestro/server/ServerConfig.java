package io.maestro.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the control plane.
 *
 * @param port the HTTP port; 0 picks a free one (tests), see {@link MaestroServer#port()}
 * @param home {@code MAESTRO_HOME}: the SQLite database and the master key live here
 * @param databaseUrl a {@code jdbc:postgresql:} or {@code jdbc:sqlite:} URL; null or blank for the
 *     default SQLite file in {@code home}
 */
public record ServerConfig(int port, Path home, String databaseUrl) {

    public ServerConfig {
        Objects.requireNonNull(home, "home");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("expected a port number between 0 and 65535, got " + port);
        }
    }
}
