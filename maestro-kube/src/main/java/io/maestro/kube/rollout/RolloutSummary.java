package io.maestro.kube.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A completed rollout.
 *
 * @param namespace the namespace
 * @param workloads the final progress of every tracked workload
 * @param elapsed from the start of tracking to completion
 */
public record RolloutSummary(String namespace, List<WorkloadProgress> workloads, Duration elapsed) {

    public RolloutSummary {
        workloads = List.copyOf(workloads);
    }
}
