package io.maestro.kube.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Follows the rollout of an application environment's Deployments and DaemonSets with fabric8
 * informers (one watch per kind for the namespace, no polling).
 *
 * <p>A workload has rolled out when its controller has observed the current generation and every
 * desired pod is updated and available, with no old pod left ({@link WorkloadProgress#complete()}).
 * The rollout fails as soon as a Deployment reports {@code Progressing=False} with reason
 * {@code ProgressDeadlineExceeded} (for the current generation), when a tracked workload is
 * deleted, or when {@code deadline} passes; the failure carries, per failing workload, the state
 * of its pods' containers and recent warning events ({@link RolloutFailedException}).
 *
 * <pre>{@code
 * RolloutTracker tracker = RolloutTracker.create(client);
 * RolloutSummary done = tracker.track("shop-production", WorkloadRef.in(objects), Duration.ofMinutes(10),
 *         progress -> log.add(progress.workload() + ": " + progress.describe()))
 *     .join();   // throws CompletionException(RolloutFailedException) on failure
 * }</pre>
 *
 * <p>Cancelling the returned future stops the informers.
 */
public final class RolloutTracker {

    private final KubernetesClient client;

    private RolloutTracker(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public static RolloutTracker create(KubernetesClient client) {
        return new RolloutTracker(client);
    }

    /**
     * Starts tracking; returns once the informers have their initial lists.
     *
     * @param namespace the namespace of the workloads
     * @param workloads the workloads to wait for (usually {@link WorkloadRef#in} the applied objects);
     *     none completes at once
     * @param deadline how long the whole rollout may take
     * @param listener receives every change of a workload's counts
     * @return completes with the final counts, or exceptionally with {@link RolloutFailedException}
     *     (or a {@link io.maestro.kube.KubeException} when the workloads cannot be watched)
     */
    public CompletableFuture<RolloutSummary> track(String namespace, Collection<WorkloadRef> workloads,
            Duration deadline, RolloutListener listener) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(listener, "listener");
        RolloutSession session = new RolloutSession(client, namespace, List.copyOf(workloads), listener);
        return session.start(deadline);
    }
}
