package io.maestro.hosts.component;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link ComponentDriver#status} found.
 *
 * @param state absent, stopped or running
 * @param pid the main process id when running
 */
public record InstanceStatus(InstanceState state, OptionalLong pid) {

    public InstanceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pid, "pid");
    }

    public static InstanceStatus absent() {
        return new InstanceStatus(InstanceState.ABSENT, OptionalLong.empty());
    }

    public static InstanceStatus stopped() {
        return new InstanceStatus(InstanceState.STOPPED, OptionalLong.empty());
    }

    public static InstanceStatus running(long pid) {
        return new InstanceStatus(InstanceState.RUNNING, OptionalLong.of(pid));
    }

    public boolean running() {
        return state == InstanceState.RUNNING;
    }
}
