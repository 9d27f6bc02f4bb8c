package io.maestro.model.service;

import java.util.List;

/**
 * What happens around a container's start and stop.
 *
 * @param postStartCommand run right after a container is created, or null
 * @param preStopCommand run right before termination, or null
 * @param stopGraceSeconds seconds between TERM and KILL, or null for the platform default
 * @param preStartSignal V1 only: signal sent to old containers before new ones start, or null
 * @param preStopSequence V1 only: waits and signals such as {@code 1m:USR2:30s:USR1:50s}, or null
 * @param requires V1 only: start-order dependencies (kept to explain the V2 alternative)
 */
public record Lifecycle(
        String postStartCommand,
        String preStopCommand,
        Integer stopGraceSeconds,
        String preStartSignal,
        String preStopSequence,
        List<String> requires) {

    public static final Lifecycle NONE = new Lifecycle(null, null, null, null, null, List.of());

    public Lifecycle {
        requires = List.copyOf(requires);
    }
}
