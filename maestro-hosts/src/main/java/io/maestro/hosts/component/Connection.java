package io.maestro.hosts.component;

import java.util.Objects;
import java.util.Optional;

/**
 * How a service reaches one provisioned instance: what {@link ConnectionVariables} turns into
 * {@code POSTGRESQL_ADDRESS}, {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD} and {@code _DATABASE}.
 *
 * @param address the host name or IP the instance listens on
 * @param port its TCP port
 * @param username the application's login user; empty for stores without users (Redis, Memcached)
 * @param password the login password (Redis: {@code requirepass}); empty when there is none
 * @param database the application's database; empty for stores without databases
 */
public record Connection(String address, int port, Optional<String> username, Optional<Secret> password,
        Optional<String> database) {

    public Connection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
    }

    /** A connection without credentials (Memcached). */
    public static Connection open(String address, int port) {
        return new Connection(address, port, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
