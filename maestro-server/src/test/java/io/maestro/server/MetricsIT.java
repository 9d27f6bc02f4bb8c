package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: bearer-token protected, Prometheus text with the JVM, requests and the deploy engine. */
class MetricsIT {

    @TempDir
    Path home;

    @Test
    void aViewerTokenScrapesRequestTimersByRouteTemplateAndTheDeployEnginesSlots() {
        try (TestServer server = TestServer.start(home)) {
            String viewer = server.tokenFor("prometheus", Role.VIEWER);
            assertThat(server.get("/api/v1/apps/nosuchapp", viewer).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/apps", viewer).status()).isEqualTo(200);

            TestServer.Response scraped = server.get("/metrics", viewer);

            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body())
                    .contains("jvm_memory_used_bytes", "process_uptime_seconds")
                    .containsPattern("maestro_deployments_slots [1-9]")
                    .contains("maestro_deployments_running 0.0", "maestro_deployments_waiting 0.0")
                    .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"/api/v1/apps/\\{app}\",status=\"404\"} 1")
                    .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"/api/v1/apps\",status=\"200\"} 1")
                    .as("series are labelled by route template, never by the raw path")
                    .doesNotContain("nosuchapp")
                    .as("no token value leaks into the metrics")
                    .doesNotContain(viewer);
        }
    }

    @Test
    void scrapingNeedsABearerTokenAndAnswersJson() {
        try (TestServer server = TestServer.start(home)) {
            TestServer.Response anonymous = server.get("/metrics", null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"error\":\"unauthorized\"");
            assertThat(server.get("/metrics", "maestro_not-a-real-token").status()).isEqualTo(401);
            assertThat(server.post("/metrics", server.adminToken, Map.of()).status()).isIn(404, 405);
        }
    }
}
