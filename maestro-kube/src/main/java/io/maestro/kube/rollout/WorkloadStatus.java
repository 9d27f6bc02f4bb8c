package io.maestro.kube.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a workload's rollout state from its {@code status}, as {@code kubectl rollout status} does.
 *
 * @param progress the counts
 * @param stalled the controller's message when it gave up ({@code ProgressDeadlineExceeded}), if so
 * @param selector the pod labels of the workload (to find its pods)
 */
record WorkloadStatus(WorkloadProgress progress, Optional<String> stalled, Map<String, String> selector) {

    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    static WorkloadStatus of(Deployment deployment) {
        WorkloadRef ref = WorkloadRef.deployment(deployment.getMetadata().getName());
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
                ? 1 : deployment.getSpec().getReplicas();
        WorkloadProgress progress = new WorkloadProgress(ref, generation(deployment), orZero(status.getObservedGeneration()),
                desired, orZero(status.getUpdatedReplicas()), orZero(status.getReadyReplicas()),
                orZero(status.getAvailableReplicas()), orZero(status.getReplicas()));
        // A condition from before the controller saw the current generation belongs to the previous rollout.
        Optional<String> stalled = progress.observedGeneration() < progress.generation()
                ? Optional.empty()
                : Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                        .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                                && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()))
                        .findFirst()
                        .map(WorkloadStatus::message);
        return new WorkloadStatus(progress, stalled, selector(deployment.getSpec() == null ? null : deployment.getSpec().getSelector()));
    }

    static WorkloadStatus of(DaemonSet daemonSet) {
        WorkloadRef ref = WorkloadRef.daemonSet(daemonSet.getMetadata().getName());
        DaemonSetStatus status = Optional.ofNullable(daemonSet.getStatus()).orElseGet(DaemonSetStatus::new);
        int desired = orZero(status.getDesiredNumberScheduled());
        WorkloadProgress progress = new WorkloadProgress(ref, generation(daemonSet), orZero(status.getObservedGeneration()),
                desired, orZero(status.getUpdatedNumberScheduled()), orZero(status.getNumberReady()),
                orZero(status.getNumberAvailable()), orZero(status.getCurrentNumberScheduled()));
        return new WorkloadStatus(progress, Optional.empty(),
                selector(daemonSet.getSpec() == null ? null : daemonSet.getSpec().getSelector()));
    }

    private static String message(DeploymentCondition condition) {
        String message = condition.getMessage() == null || condition.getMessage().isBlank()
                ? "" : ": " + condition.getMessage();
        return "progress deadline exceeded" + message;
    }

    private static long generation(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    private static Map<String, String> selector(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : Map.copyOf(selector.getMatchLabels());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
