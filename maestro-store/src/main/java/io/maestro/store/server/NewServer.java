package io.maestro.store.server;

import java.time.Instant;
import java.util.Objects;

/**
 * A server to register. Build with {@link #local} or {@link #ssh}.
 *
 * @param privateKey the clear private key; sealed before it reaches the database
 */
public record NewServer(String name, ServerKind kind, String sshUser, String sshHost, Integer sshPort, String privateKey,
        String knownHosts, String facts, Instant factsAt, String addedBy) {

    public NewServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(factsAt, "factsAt");
        Objects.requireNonNull(addedBy, "addedBy");
        if (kind == ServerKind.SSH && (sshUser == null || sshHost == null || sshPort == null || privateKey == null
                || knownHosts == null)) {
            throw new IllegalArgumentException("an SSH server needs user, host, port, private key and known hosts");
        }
    }

    public static NewServer local(String name, String facts, Instant factsAt, String addedBy) {
        return new NewServer(name, ServerKind.LOCAL, null, null, null, null, null, facts, factsAt, addedBy);
    }

    public static NewServer ssh(String name, String user, String host, int port, String privateKey, String knownHosts,
            String facts, Instant factsAt, String addedBy) {
        return new NewServer(name, ServerKind.SSH, user, host, port, privateKey, knownHosts, facts, factsAt, addedBy);
    }

    @Override
    public String toString() {
        return "NewServer[" + name + ", " + kind + (kind == ServerKind.SSH ? ", " + sshUser + "@" + sshHost + ":" + sshPort
                + ", private key redacted" : "") + "]";
    }
}
