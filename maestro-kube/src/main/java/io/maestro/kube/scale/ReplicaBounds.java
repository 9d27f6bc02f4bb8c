package io.maestro.kube.scale;

import io.maestro.model.MaestroException;

/**
 * The replica counts a service may be scaled to: its {@code constraints.min_count} and
 * {@code max_count}.
 *
 * @param min lowest allowed count (0 or more)
 * @param max highest allowed count
 */
public record ReplicaBounds(int min, int max) {

    public ReplicaBounds {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("expected 0 <= min <= max, got min " + min + ", max " + max);
        }
    }

    /** Any count from 0 up. */
    public static ReplicaBounds unbounded() {
        return new ReplicaBounds(0, Integer.MAX_VALUE);
    }

    /**
     * @throws MaestroException when {@code replicas} is outside the bounds
     */
    void check(String workload, ScaleRequest request, int current, int replicas) {
        if (replicas < min || replicas > max) {
            String asked = request.relative() ? " (" + current + " " + request + ")" : "";
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new MaestroException("cannot scale " + workload + ": expected a replica count " + range
                    + ", got " + replicas + asked);
        }
    }
}
