package io.maestro.kube.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.maestro.kube.KubeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One tracked rollout: the informers, the last status of each workload and the outcome.
 *
 * <p>Informer callbacks of the two kinds may run concurrently; every state change happens under
 * this object's lock. Collecting diagnostics makes API calls, so it runs on a virtual thread, not
 * on an informer thread.
 */
final class RolloutSession {

    private final KubernetesClient client;
    private final String namespace;
    private final List<WorkloadRef> workloads;
    private final RolloutListener listener;
    private final Map<WorkloadRef, WorkloadStatus> statuses = new LinkedHashMap<>();
    private final CompletableFuture<RolloutSummary> outcome = new CompletableFuture<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private long startNanos;
    private boolean failing;

    RolloutSession(KubernetesClient client, String namespace, List<WorkloadRef> workloads, RolloutListener listener) {
        this.client = client;
        this.namespace = namespace;
        this.workloads = workloads;
        this.listener = listener;
    }

    CompletableFuture<RolloutSummary> start(Duration deadline) {
        startNanos = System.nanoTime();
        outcome.whenComplete((summary, error) -> stopInformers());
        if (workloads.isEmpty()) {
            outcome.complete(new RolloutSummary(namespace, List.of(), Duration.ZERO));
            return outcome;
        }
        try {
            if (tracks(WorkloadRef.Kind.DEPLOYMENT)) {
                this.<Deployment>inform(client.apps().deployments().inNamespace(namespace), WorkloadStatus::of,
                        WorkloadRef.Kind.DEPLOYMENT);
            }
            if (tracks(WorkloadRef.Kind.DAEMON_SET)) {
                this.<DaemonSet>inform(client.apps().daemonSets().inNamespace(namespace), WorkloadStatus::of,
                        WorkloadRef.Kind.DAEMON_SET);
            }
        } catch (KubernetesClientException e) {
            outcome.completeExceptionally(KubeException.of("watch the Deployments and DaemonSets of " + namespace, null, e));
            return outcome;
        }
        Thread.ofVirtual().name("rollout-deadline-" + namespace).start(() -> awaitDeadline(deadline));
        return outcome;
    }

    private boolean tracks(WorkloadRef.Kind kind) {
        return workloads.stream().anyMatch(w -> w.kind() == kind);
    }

    private <T extends HasMetadata> void inform(Informable<T> source, Function<T, WorkloadStatus> reader,
            WorkloadRef.Kind kind) {
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed(reader.apply(object));
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                changed(reader.apply(newObject));
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                deleted(new WorkloadRef(kind, object.getMetadata().getName()));
            }
        };
        // Outside the lock: inform() waits for the initial list while the handler takes the lock.
        SharedIndexInformer<T> started = source.inform(handler);
        synchronized (this) {
            informers.add(started);
        }
        if (outcome.isDone()) {
            stopInformers();   // completed (or cancelled) while this informer was starting
        }
    }

    private synchronized void changed(WorkloadStatus status) {
        WorkloadRef ref = status.progress().workload();
        if (outcome.isDone() || failing || !workloads.contains(ref)) {
            return;
        }
        WorkloadStatus previous = statuses.put(ref, status);
        if (previous == null || !previous.progress().equals(status.progress())) {
            try {
                listener.onProgress(status.progress());
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                return;
            }
        }
        if (status.stalled().isPresent()) {
            fail(List.of(new Failing(ref, RolloutFailure.Reason.PROGRESS_DEADLINE_EXCEEDED, status.stalled().get())));
            return;
        }
        if (workloads.stream().allMatch(w -> statuses.containsKey(w) && statuses.get(w).progress().complete())) {
            outcome.complete(new RolloutSummary(namespace,
                    workloads.stream().map(w -> statuses.get(w).progress()).toList(), elapsed()));
        }
    }

    private synchronized void deleted(WorkloadRef ref) {
        if (outcome.isDone() || failing || !workloads.contains(ref)) {
            return;
        }
        fail(List.of(new Failing(ref, RolloutFailure.Reason.DELETED, "deleted during the rollout")));
    }

    private void awaitDeadline(Duration deadline) {
        try {
            outcome.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            deadlinePassed(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // finished one way or another: nothing left to time out
        }
    }

    private synchronized void deadlinePassed(Duration deadline) {
        if (outcome.isDone() || failing) {
            return;
        }
        List<Failing> late = workloads.stream()
                .filter(w -> !statuses.containsKey(w) || !statuses.get(w).progress().complete())
                .map(w -> new Failing(w, RolloutFailure.Reason.DEADLINE_EXCEEDED, statuses.containsKey(w)
                        ? "not rolled out within " + format(deadline)
                        : "not found in " + namespace + " within " + format(deadline)))
                .toList();
        fail(late);
    }

    private record Failing(WorkloadRef workload, RolloutFailure.Reason reason, String message) {}

    /** Stops listening at once; collects the diagnosis off the informer thread, then fails. */
    private void fail(List<Failing> failing) {
        this.failing = true;
        Map<WorkloadRef, Optional<WorkloadStatus>> last = new LinkedHashMap<>();
        failing.forEach(f -> last.put(f.workload(), Optional.ofNullable(statuses.get(f.workload()))));
        Thread.ofVirtual().name("rollout-diagnosis-" + namespace).start(() -> {
            PodDiagnostics diagnostics = new PodDiagnostics(client, namespace);
            List<RolloutFailure> failures = failing.stream()
                    .map(f -> diagnostics.diagnose(f.workload(), f.reason(), f.message(), last.get(f.workload())))
                    .toList();
            outcome.completeExceptionally(new RolloutFailedException(namespace, failures));
        });
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String format(Duration duration) {
        return duration.toSeconds() >= 1 && duration.toMillisPart() == 0
                ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private void stopInformers() {
        List<SharedIndexInformer<?>> running;
        synchronized (this) {
            running = List.copyOf(informers);
        }
        running.forEach(SharedIndexInformer::close);
    }
}
