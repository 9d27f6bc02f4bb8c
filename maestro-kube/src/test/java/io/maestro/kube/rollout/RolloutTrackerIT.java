package io.maestro.kube.rollout;

import static io.maestro.kube.testing.ShopApp.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.apply.Applier;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import io.maestro.kube.testing.WorkloadController;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rollout tracking")
class RolloutTrackerIT {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient client = cluster.client();
    private final WorkloadController controller = new WorkloadController(client, NAMESPACE);
    private final RolloutTracker tracker = RolloutTracker.create(client);
    private final BlockingQueue<WorkloadProgress> progress = new LinkedBlockingQueue<>();
    private List<WorkloadRef> workloads;

    @BeforeEach
    void deploy() {
        List<HasMetadata> objects = ShopApp.objects();
        Applier.create(client).apply(NAMESPACE, objects);
        workloads = WorkloadRef.in(objects);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void completesWhenEveryWorkloadHasRolledOut() throws Exception {
        assertThat(workloads).extracting(WorkloadRef::name).containsExactly("api", "web", "worker");
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);

        workloads.forEach(w -> controller.rollOut(w.name()));

        RolloutSummary summary = rollout.get(10, TimeUnit.SECONDS);
        assertThat(summary.namespace()).isEqualTo(NAMESPACE);
        assertThat(summary.workloads()).extracting(WorkloadProgress::workload).containsExactlyElementsOf(workloads);
        assertThat(summary.workloads()).allMatch(WorkloadProgress::complete);
        assertThat(progress).filteredOn(p -> p.workload().name().equals("web"))
                .extracting(WorkloadProgress::updated).endsWith(1);
    }

    @Test
    void reportsEveryStepOfASlowRolloutAndWaitsForTheLastOne() throws Exception {
        controller.rollOut("api");
        controller.rollOut("worker");
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);
        assertThat(next("web").describe()).isEqualTo("0/1 updated, 0 ready, 0 available, controller has not yet seen the change");

        controller.progress("web", 0, 0, 0, 1);
        assertThat(next("web")).extracting(WorkloadProgress::desired, WorkloadProgress::updated, WorkloadProgress::total)
                .containsExactly(1, 0, 1);
        controller.progress("web", 1, 0, 0, 1);
        WorkloadProgress starting = next("web");
        assertThat(starting.updated()).isEqualTo(1);
        assertThat(starting.describe()).isEqualTo("1/1 updated, 1 ready, 1 available, 1 old pod terminating");
        assertThat(rollout).isNotDone();
        controller.progress("web", 1, 1, 1, 0);

        RolloutSummary summary = rollout.get(10, TimeUnit.SECONDS);
        assertThat(summary.workloads()).filteredOn(p -> p.workload().name().equals("web"))
                .singleElement().extracting(WorkloadProgress::describe).isEqualTo("1/1 updated, 1 ready, 1 available");
    }

    @Test
    void waitsUntilTheControllerHasObservedTheNewGeneration() throws Exception {
        workloads.forEach(w -> controller.rollOut(w.name()));
        Applier.create(client).apply(NAMESPACE, ShopApp.shop().image("web", "acme/web:1.1").render());
        controller.staleStatus("web");   // counts complete, but for the previous spec
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);

        WorkloadProgress stale = next("web");
        assertThat(stale.observedGeneration()).isLessThan(stale.generation());
        assertThat(stale.complete()).isFalse();
        assertThat(stale.describe()).endsWith("controller has not yet seen the change");
        assertThat(rollout).isNotDone();

        controller.rollOut("web");
        assertThat(rollout.get(10, TimeUnit.SECONDS).workloads()).allMatch(WorkloadProgress::complete);
    }

    @Test
    void failsOnProgressDeadlineExceededWithTheCrashingPodsContainerStateAndEvents() {
        controller.rollOut("api");
        controller.rollOut("worker");
        controller.crashingPod("web", "web-7c9d-x2x4q");
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);

        controller.exceedProgressDeadline("web");

        RolloutFailedException failed = failure(rollout);
        RolloutFailure web = failed.failures().get(0);
        assertThat(failed.failures()).hasSize(1);
        assertThat(web.workload()).isEqualTo(WorkloadRef.deployment("web"));
        assertThat(web.reason()).isEqualTo(RolloutFailure.Reason.PROGRESS_DEADLINE_EXCEEDED);
        assertThat(web.message()).isEqualTo("progress deadline exceeded: ReplicaSet \"web-7c9d\" has timed out progressing.");
        PodDiagnosis pod = web.pods().get(0);
        assertThat(pod.name()).isEqualTo("web-7c9d-x2x4q");
        assertThat(pod.containers()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo("waiting: CrashLoopBackOff (back-off 2m40s restarting failed container=web pod=web-7c9d-x2x4q)");
            assertThat(c.lastTermination()).isEqualTo("exit code 1 (Error)");
            assertThat(c.restarts()).isEqualTo(5);
        });
        assertThat(pod.events()).containsExactly("BackOff: Back-off restarting failed container web in pod web-7c9d-x2x4q (x5)");
        assertThat(failed).hasMessage("""
                rollout in shop-production failed:
                  Deployment web: progress deadline exceeded: ReplicaSet "web-7c9d" has timed out progressing. (1/1 updated, 0 ready, 0 available)
                    pod web-7c9d-x2x4q (Running): container web waiting: CrashLoopBackOff (back-off 2m40s restarting failed container=web pod=web-7c9d-x2x4q); last terminated: exit code 1 (Error); 5 restarts
                      BackOff: Back-off restarting failed container web in pod web-7c9d-x2x4q (x5)""");
    }

    @Test
    void ignoresAProgressDeadlineExceededLeftFromThePreviousRollout() throws Exception {
        controller.exceedProgressDeadline("web");   // the last rollout failed
        Applier.create(client).apply(NAMESPACE, ShopApp.shop().image("web", "acme/web:1.1").render());
        long generation = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get().getMetadata().getGeneration();
        controller.exceedProgressDeadline("web", generation - 1);   // not yet observed the fix
        controller.rollOut("api");
        controller.rollOut("worker");
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);

        assertThat(next("web").observedGeneration()).isEqualTo(generation - 1);
        assertThat(rollout).isNotDone();
        controller.rollOut("web");

        assertThat(rollout.get(10, TimeUnit.SECONDS).workloads()).allMatch(WorkloadProgress::complete);
    }

    @Test
    void failsWhenTheDeadlinePassesNamingOnlyTheLateWorkloadsWithTheirReasons() {
        controller.rollOut("api");
        controller.rollOut("worker");
        controller.progress("web", 0, 0, 0, 0);
        controller.imagePullBackOffPod("web", "web-7c9d-abcde");
        controller.event("ReplicaSet", "web-7c9d", "FailedCreate",
                "Error creating: pods \"web-7c9d-zzzzz\" is forbidden: exceeded quota: compute", 2);
        controller.event("ReplicaSet", "worker-5f5f", "FailedCreate", "not about web", 1);
        long start = System.nanoTime();

        RolloutFailedException failed = failure(tracker.track(NAMESPACE, workloads, Duration.ofMillis(1500), progress::add));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(failed.failures()).singleElement().satisfies(web -> {
            assertThat(web.workload()).isEqualTo(WorkloadRef.deployment("web"));
            assertThat(web.reason()).isEqualTo(RolloutFailure.Reason.DEADLINE_EXCEEDED);
            assertThat(web.message()).isEqualTo("not rolled out within 1500ms");
            assertThat(web.events()).containsExactly(
                    "FailedCreate: Error creating: pods \"web-7c9d-zzzzz\" is forbidden: exceeded quota: compute (x2)");
            assertThat(web.pods()).singleElement().satisfies(pod -> {
                assertThat(pod.containers()).singleElement().extracting(ContainerDiagnosis::state)
                        .isEqualTo("waiting: ImagePullBackOff (Back-off pulling image \"acme/web:nope\")");
                assertThat(pod.events()).containsExactly("Failed: Failed to pull image \"acme/web:nope\": not found (x3)");
            });
        });
        assertThat(failed.getMessage()).contains("Deployment web: not rolled out within 1500ms (0/1 updated, 0 ready, 0 available)");
    }

    @Test
    void failsWhenAWorkloadNeverAppears() {
        List<WorkloadRef> withMissing = List.of(WorkloadRef.deployment("web"), WorkloadRef.deployment("ghost"));
        controller.rollOut("web");

        RolloutFailedException failed = failure(tracker.track(NAMESPACE, withMissing, Duration.ofSeconds(1), progress::add));

        assertThat(failed.failures()).singleElement().satisfies(ghost -> {
            assertThat(ghost.workload().name()).isEqualTo("ghost");
            assertThat(ghost.message()).isEqualTo("not found in shop-production within 1s");
            assertThat(ghost.lastProgress()).isEmpty();
        });
    }

    @Test
    void failsWhenATrackedWorkloadIsDeletedDuringTheRollout() {
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);

        client.apps().deployments().inNamespace(NAMESPACE).withName("worker").delete();

        assertThat(failure(rollout).failures()).singleElement().satisfies(worker -> {
            assertThat(worker.reason()).isEqualTo(RolloutFailure.Reason.DELETED);
            assertThat(worker.message()).isEqualTo("deleted during the rollout");
        });
    }

    @Test
    void tracksDaemonSetsToo() throws Exception {
        DaemonSet agent = new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("acme/agent:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().daemonSets().resource(agent).create();
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, List.of(WorkloadRef.daemonSet("agent")), LONG, progress::add);
        assertThat(rollout).isNotDone();

        controller.rollOutDaemonSet("agent", 3);

        assertThat(rollout.get(10, TimeUnit.SECONDS).workloads()).singleElement()
                .extracting(WorkloadProgress::desired, WorkloadProgress::available).containsExactly(3, 3);
    }

    @Test
    void completesAtOnceWithNothingToTrack() throws Exception {
        assertThat(tracker.track(NAMESPACE, List.of(), LONG, RolloutListener.none()).get(1, TimeUnit.SECONDS).workloads()).isEmpty();
    }

    @Test
    void cancellingStopsTracking() throws Exception {
        CompletableFuture<RolloutSummary> rollout = tracker.track(NAMESPACE, workloads, LONG, progress::add);
        // The initial notifications are delivered asynchronously: let them all arrive first.
        Set<WorkloadRef> seen = new HashSet<>();
        while (seen.size() < workloads.size()) {
            WorkloadProgress initial = progress.poll(10, TimeUnit.SECONDS);
            assertThat(initial).isNotNull();
            seen.add(initial.workload());
        }

        rollout.cancel(true);
        progress.clear();
        controller.rollOut("web");

        assertThat(rollout).isCancelled();
        assertThat(progress.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    private WorkloadProgress next(String workload) throws InterruptedException {
        while (true) {
            WorkloadProgress p = progress.poll(10, TimeUnit.SECONDS);
            assertThat(p).as("progress of " + workload).isNotNull();
            if (p.workload().name().equals(workload)) {
                return p;
            }
        }
    }

    private static RolloutFailedException failure(CompletableFuture<RolloutSummary> rollout) {
        assertThatThrownBy(() -> rollout.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RolloutFailedException.class);
        return (RolloutFailedException) rollout.exceptionNow();
    }
}
