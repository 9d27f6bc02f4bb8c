package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy options and deployment profiles through the REST API: checked before queueing, stored with the deployment. */
class DeployOptionsIT {

    private static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
              worker:
                image: acme/worker:1.0
            """;

    @TempDir
    static Path home;

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        token = server.adminToken;
        assertThat(server.post("/api/v1/apps", token, TestServer.app("shop", SERVICE_YML, null, "first")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void profilesAreCreatedListedUsedAndDeleted() {
        TestServer.Response created = server.post("/api/v1/apps/shop/deployment-profiles", token,
                Map.of("name", "quick", "services", List.of("web"), "build", false, "strategy", "fast"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("strategy").asText()).isEqualTo("fast");
        assertThat(server.post("/api/v1/apps/shop/deployment-profiles", token, Map.of("name", "quick")).status()).isEqualTo(409);
        assertThat(server.post("/api/v1/apps/shop/deployment-profiles", token, Map.of("name", "x", "strategy", "slow")).status())
                .isEqualTo(400);
        assertThat(server.get("/api/v1/apps/shop/deployment-profiles", token).json().path("profiles"))
                .extracting(p -> p.path("name").asText()).containsExactly("quick");

        // No cluster is registered: the request is checked and refused with 409 only after the options passed.
        TestServer.Response deploy = server.post("/api/v1/apps/shop/deployments", token,
                Map.of("environment", "production", "profile", "quick", "serviceRefs", Map.of("worker", "1.1")));
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(409);
        assertThat(deploy.json().path("message").asText()).contains("no cluster");

        assertThat(server.send("DELETE", "/api/v1/apps/shop/deployment-profiles/quick", token, null).status()).isEqualTo(204);
        assertThat(server.send("DELETE", "/api/v1/apps/shop/deployment-profiles/quick", token, null).status()).isEqualTo(404);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsQueued() {
        TestServer.Response unknownService = server.post("/api/v1/apps/shop/deployments", token,
                Map.of("environment", "production", "services", List.of("db")));
        assertThat(unknownService.status()).isEqualTo(422);
        assertThat(unknownService.json().path("message").asText()).contains("has no service db (it has web, worker)");

        TestServer.Response unknownProfile = server.post("/api/v1/apps/shop/deployments", token,
                Map.of("environment", "production", "profile", "nope"));
        assertThat(unknownProfile.status()).isEqualTo(422);
        assertThat(unknownProfile.json().path("message").asText()).contains("has no deployment profile 'nope'");

        TestServer.Response badTag = server.post("/api/v1/apps/shop/deployments", token,
                Map.of("environment", "production", "serviceRefs", Map.of("web", "1.0; rm -rf /")));
        assertThat(badTag.status()).isEqualTo(422);
        assertThat(badTag.json().path("message").asText()).contains("serviceRefs.web: expected an image tag");

        TestServer.Response malformed = server.post("/api/v1/apps/shop/deployments", token,
                Map.of("environment", "production", "services", "web"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(server.server.store().deployments().list("shop", 10)).isEmpty();
    }
}
