package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy engine's global bound: with one slot, a second application's deployment stays
 * queued (its log says why) while the first one's rollout is held, and runs when the slot frees.
 */
class DeploymentSlotsIT {

    @TempDir
    static Path home;

    static DeployHarness harness;

    @BeforeAll
    static void start() {
        harness = new DeployHarness(home, DeployHarness.fastConfig().withMaxConcurrentDeployments(1));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void pastTheBoundADeploymentWaitsQueuedAndSaysWhyThenRuns() {
        harness.createApp("first", "acme/web:1.0", Map.of());
        harness.createApp("second", "acme/web:1.0", Map.of());
        harness.controllerPaused = true;
        long first = harness.deploy("first");
        DeployHarness.await("the first deployment tracks its rollout", () -> status(first).equals("running"));
        long second = harness.deploy("second");

        DeployHarness.await("the second deployment notes its wait", () -> log(second).contains("waiting for a free slot"));
        assertThat(status(second)).isEqualTo("queued");
        assertThat(log(second)).contains("already runs 1 deployments", "--max-deployments");
        assertThat(harness.get("/api/v1/deployments/" + second, harness.adminToken).json().get("steps")).isEmpty();

        harness.controllerPaused = false;
        assertThat(harness.awaitFinished(first).get("status").asText()).isEqualTo("succeeded");
        assertThat(harness.awaitFinished(second).get("status").asText()).isEqualTo("succeeded");
        assertThat(harness.liveDeployment("second", "web")).isNotNull();
    }

    private static String status(long id) {
        return harness.get("/api/v1/deployments/" + id, harness.adminToken).json().get("status").asText();
    }

    private static String log(long id) {
        JsonNode deployment = harness.get("/api/v1/deployments/" + id, harness.adminToken).json();
        StringBuilder text = new StringBuilder();
        StreamSupport.stream(deployment.get("log").spliterator(), false)
                .forEach(line -> text.append(line.get("line").asText()).append('\n'));
        return text.toString();
    }
}
