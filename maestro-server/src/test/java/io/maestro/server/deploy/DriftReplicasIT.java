package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.store.deploy.DriftReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift and replica counts: an HPA scaling a Deployment, or a count set with {@code maestro
 * services scale}, is not drift; an image changed out of band still is.
 */
class DriftReplicasIT {

    @TempDir
    static Path home;

    static DeployHarness harness;

    @BeforeAll
    static void start() {
        harness = new DeployHarness(home, DeployHarness.fastConfig());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static void setReplicas(String app, String workload, int replicas) {
        harness.kube().apps().deployments().inNamespace(app + "-production").withName(workload).edit(d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }

    @Test
    void anHpaScalingTheDeploymentIsNotDriftButAnImageChangedOutOfBandStillIs() {
        harness.createApp("hpadrift", "acme/web:1.0", Map.of());
        assertThat(harness.awaitFinished(harness.deploy("hpadrift")).get("status").asText()).isEqualTo("succeeded");
        assertThat(harness.kube().autoscaling().v2().horizontalPodAutoscalers().inNamespace("hpadrift-production")
                .withName("web").get()).as("min_count/max_count render an HPA for web").isNotNull();
        DeploymentService service = harness.server.deployments();

        setReplicas("hpadrift", "web", 3);   // what the HPA does under load

        assertThat(service.checkDrift("hpadrift", "production").objects()).isEmpty();

        harness.kube().apps().deployments().inNamespace("hpadrift-production").withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/web:latest");
            return d;
        });

        DriftReport report = service.checkDrift("hpadrift", "production");
        assertThat(report.objects()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("web");
            assertThat(o.change()).contains("image");
        });
    }

    @Test
    void aScaledCountIsNotDriftButReplicasChangedOnAWorkloadNobodyScalesAre() {
        harness.createApp("scaledrift", "acme/web:1.0", Map.of());
        assertThat(harness.awaitFinished(harness.deploy("scaledrift")).get("status").asText()).isEqualTo("succeeded");
        DeploymentService service = harness.server.deployments();

        setReplicas("scaledrift", "worker", 4);
        assertThat(service.checkDrift("scaledrift", "production").objects())
                .extracting(DriftReport.DriftedObject::name, DriftReport.DriftedObject::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", "modified: spec.replicas"));

        harness.server.store().desiredReplicas().set("scaledrift", "production", "worker", 2, "admin");

        assertThat(service.checkDrift("scaledrift", "production").objects()).isEmpty();
    }
}
