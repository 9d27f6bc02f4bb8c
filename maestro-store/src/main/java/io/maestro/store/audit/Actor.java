package io.maestro.store.audit;

import java.util.Objects;

/**
 * Who did something, for the audit log: a user name (or a system name such as
 * {@code "maestro"} for the control plane itself) and the network address the request came
 * from, {@code null} when there was none.
 */
public record Actor(String name, String sourceAddress) {

    public Actor {
        Objects.requireNonNull(name, "name");
    }

    /** The control plane acting on its own (recovery after a restart, schedulers). */
    public static Actor system() {
        return new Actor("maestro", null);
    }
}
