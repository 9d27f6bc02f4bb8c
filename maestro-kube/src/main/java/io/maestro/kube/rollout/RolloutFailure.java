package io.maestro.kube.rollout;

import java.util.List;
import java.util.Optional;

/**
 * Why one workload's rollout failed, with what its pods say.
 *
 * @param workload the workload
 * @param reason the kind of failure
 * @param message the controller's or Maestro's explanation
 * @param lastProgress the last counts seen, empty when the workload was never seen
 * @param pods the workload's pods that are not ready (at most a few), with container states
 * @param events warning events about the workload and its ReplicaSets (e.g. {@code FailedCreate}
 *     when a quota refuses pods); also notes when the diagnosis itself could not be read
 */
public record RolloutFailure(WorkloadRef workload, Reason reason, String message,
        Optional<WorkloadProgress> lastProgress, List<PodDiagnosis> pods, List<String> events) {

    /** The kind of failure. */
    public enum Reason {
        /** The Deployment controller reported {@code Progressing=False}, reason {@code ProgressDeadlineExceeded}. */
        PROGRESS_DEADLINE_EXCEEDED,
        /** The deployment's own deadline passed before the workload rolled out. */
        DEADLINE_EXCEEDED,
        /** The workload was deleted while being rolled out. */
        DELETED
    }

    public RolloutFailure {
        pods = List.copyOf(pods);
        events = List.copyOf(events);
    }
}
