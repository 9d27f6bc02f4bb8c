package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.kube.testing.MockCluster;
import io.maestro.store.Store;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStatus;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A control plane that stops mid-deployment, and the next one on the same database. */
class RecoveryIT {

    @TempDir
    Path home;

    private static String log(JsonNode deployment) {
        StringBuilder text = new StringBuilder();
        deployment.get("log").forEach(l -> text.append(l.get("line").asText()).append('\n'));
        return text.toString();
    }

    @Test
    void aDeploymentInterruptedByAStoppedServerIsResumedByTheNextOne() {
        try (DeployHarness harness = new DeployHarness(home, DeployHarness.fastConfig())) {
            harness.createApp("resume", "acme/web:1.0", Map.of());
            harness.controllerPaused = true;   // the rollout cannot finish: the deployment sits in "track rollout"
            long id = harness.deploy("resume");
            DeployHarness.await("the rollout is tracked", () -> harness.server.store().steps().list(id).stream()
                    .anyMatch(s -> s.name().equals("track rollout") && s.status() == StepStatus.RUNNING));

            harness.stopServer();
            harness.controllerPaused = false;
            harness.start(DeployHarness.fastConfig());

            JsonNode done = harness.awaitFinished(id);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(log(done)).contains("the control plane running this deployment stopped; journal: done [load version 1,"
                    + " provision host components, resolve environment, render, apply, prune], interrupted [track rollout]", "resumed by");
            assertThat(StreamSupport.stream(done.get("steps").spliterator(), false)
                    .map(s -> s.get("name").asText() + ":" + s.get("status").asText()).toList())
                    .containsSubsequence("track rollout:failed", "load version 1:done", "track rollout:done");
            // The worker releases the lease just after it records the outcome: wait for it, do not race it.
            DeployHarness.await("the lease is released", () -> harness.server.store().leases()
                    .find("resume", "production").isEmpty());
        }
    }

    @Test
    void aDeadControlPlanesDeploymentIsMarkedFailedWithItsJournalOnceItsLeaseExpires() {
        DeployConfig noResume = DeployHarness.fastConfig().withResumeInterrupted(false);
        try (DeployHarness harness = new DeployHarness(home, noResume, MockCluster.start())) {
            harness.createApp("dead", "acme/web:1.0", Map.of());
            harness.stopServer();

            // What a control plane killed during "apply" leaves: a running deployment, its journal, its lease.
            try (var db = io.maestro.store.db.Database.open(null, home)) {
                Store store = Store.of(db, java.time.Clock.systemUTC(), null);
                Deployment d = store.deployments().enqueue("dead", "production", 1, "admin");
                store.deploymentTargets().record(d.id(), DeployHarness.CLUSTER, null);
                store.deployments().start(d.id());
                store.steps().complete(store.steps().begin(d.id(), "load version 1"), null);
                store.steps().begin(d.id(), "apply");
                store.leases().tryAcquire("dead", "production", "killed-process", Duration.ofSeconds(2));
            }

            harness.start(noResume);
            Store store = harness.server.store();
            long id = store.deployments().list("dead", 1).getFirst().id();
            DeployHarness.await("the deployment is marked failed", () -> store.deployments().require(id).status().isFinished());

            Deployment failed = store.deployments().require(id);
            assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(failed.detail()).contains("interrupted by a control-plane stop during 'apply'", "done: load version 1");
            assertThat(store.steps().list(id)).extracting(DeploymentStep::name, DeploymentStep::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("load version 1", StepStatus.DONE),
                    org.assertj.core.groups.Tuple.tuple("apply", StepStatus.FAILED));
            assertThat(store.deploymentLog().list(id)).extracting(l -> l.line())
                    .anyMatch(line -> line.contains("interrupted [apply]"));
            DeployHarness.await("the lease is released", () -> store.leases().find("dead", "production").isEmpty());

            // The queue works again afterwards.
            assertThat(harness.awaitFinished(harness.deploy("dead")).get("status").asText()).isEqualTo("succeeded");
        }
    }
}
