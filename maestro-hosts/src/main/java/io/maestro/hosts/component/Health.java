package io.maestro.hosts.component;

import java.util.Objects;

/**
 * The answer of an instance to the engine's own check ({@code pg_isready}, {@code mariadb-admin ping},
 * Redis {@code PING}, a listening Memcached socket).
 *
 * @param healthy whether it answers as expected
 * @param detail what the check said, for people
 */
public record Health(boolean healthy, String detail) {

    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health healthy(String detail) {
        return new Health(true, detail);
    }

    public static Health unhealthy(String detail) {
        return new Health(false, detail);
    }
}
