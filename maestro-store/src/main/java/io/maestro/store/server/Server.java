package io.maestro.store.server;

import java.time.Instant;

/**
 * A registered server, without its private key (read it with {@link ServerDao#privateKey}).
 *
 * @param sshUser {@code null} for a local server, as are {@code sshHost}, {@code sshPort} and {@code knownHosts}
 * @param facts the gathered facts as JSON, written and read by the control plane
 */
public record Server(long id, String name, ServerKind kind, String sshUser, String sshHost, Integer sshPort,
        String knownHosts, String facts, Instant factsAt, Instant addedAt, String addedBy) {

    /** {@code user@host:port} for an SSH server, {@code local} otherwise. */
    public String address() {
        return kind == ServerKind.LOCAL ? "local" : sshUser + "@" + (sshHost.contains(":") ? "[" + sshHost + "]" : sshHost)
                + ":" + sshPort;
    }
}
