package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.server.build.BuildConfig;
import io.maestro.server.build.TestRepository;
import io.maestro.store.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BUILDS and REGISTRIES routes on a real server: a build of a git service through the API
 * (real git, buildah, local registry), its log and live events, the Build Minutes report, plans
 * (an exhausted hard-stop plan refuses a build with 409 before anything is queued) and registry
 * credentials that never come back out.
 */
class BuildsIT {

    @TempDir
    static Path home;
    @TempDir
    static Path repos;

    static TestServer server;
    static String deployer;
    static String viewer;
    static String commit;

    @BeforeAll
    static void start() {
        server = TestServer.startWithLocalGit(home);
        deployer = server.tokenFor("dora", Role.DEPLOYER);
        viewer = server.tokenFor("vera", Role.VIEWER);
        TestRepository repo = TestRepository.withImage(repos.resolve("web"), TestRepository.DOCKERFILE);
        commit = repo.commit("first");
        String serviceYml = """
                version: 2
                services:
                  web:
                    git_url: %s
                    git_branch: main
                    env_vars:
                      GREETING: from-service-yml
                    ports:
                      - container: 3000
                        http: 80
                  cache:
                    image: redis:7
                """.formatted(repo.url());
        assertThat(server.post("/api/v1/apps", deployer, TestServer.app("shop", serviceYml, null, "first")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        try {
            server.close();
        } finally {
            Buildah.storedIn(BuildConfig.under(home).directory().resolve("buildah")).removeEverything();
        }
    }

    @Test
    void aServiceIsBuiltThroughTheApiWithItsLogEventsAndMeteredMinutes() throws Exception {
        TestServer.Response queued = server.post("/api/v1/apps/shop/builds", deployer, Map.of("service", "web"));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        long id = queued.json().get("id").asLong();
        assertThat(queued.json().get("ref").asText()).isEqualTo("main");

        String events = sse("/api/v1/builds/" + id + "/events", viewer);
        JsonNode shown = server.get("/api/v1/builds/" + id, viewer).json();

        assertThat(shown.get("status").asText()).as(shown + "\nevents: " + events).isEqualTo("succeeded");
        assertThat(shown.get("commit").asText()).isEqualTo(commit);
        assertThat(shown.get("image").asText()).endsWith("/shop/web:" + commit);
        assertThat(shown.get("log").toString()).contains("Commit " + commit);
        assertThat(events).contains("event: log", "data: {\"line\":\"Commit " + commit, "event: done", "\"status\":\"succeeded\"");
        assertThat(server.get("/api/v1/builds?app=shop", viewer).json().get("builds").toString()).contains("\"id\":" + id);

        JsonNode minutes = server.get("/api/v1/build-minutes", viewer).json();
        assertThat(minutes.get("usedSeconds").asLong()).isEqualTo(shown.get("meteredSeconds").asLong()).isPositive();
        assertThat(minutes.get("plan").get("name").asText()).isEqualTo("free");
        assertThat(minutes.get("billedMinutes").asLong()).isEqualTo((shown.get("meteredSeconds").asLong() + 59) / 60);
        assertThat(minutes.get("perDay").toString()).contains(Instant.now().toString().substring(0, 10));

        TestServer.Response again = server.post("/api/v1/builds/" + id + "/cancel", deployer, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("already succeeded");
    }

    @Test
    void anApiBuildGetsTheVariablesSetThroughTheApiAndItsSecretsNeverShowInTheLog() throws Exception {
        String secret = "s3cret-token-value-" + System.nanoTime();
        TestRepository repo = TestRepository.withImage(repos.resolve("vars"), """
                FROM scratch
                COPY busybox /bin/busybox
                ENV NOTE="$API_NOTE" TOKEN="$API_TOKEN" GREETING="$GREETING"
                """);
        String built = repo.commit("vars");
        assertThat(server.post("/api/v1/apps", deployer, TestServer.app("vars", """
                version: 2
                services:
                  web:
                    git_url: %s
                    git_branch: main
                    env_vars:
                      GREETING: from-service-yml
                """.formatted(repo.url()), null, "first")).status()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/apps/vars/env-vars/API_NOTE", deployer,
                "{\"value\":\"set-through-the-api\"}").status()).isLessThan(300);
        assertThat(server.send("PUT", "/api/v1/apps/vars/env-vars/API_TOKEN", deployer,
                "{\"value\":\"" + secret + "\",\"secret\":true}").status()).isLessThan(300);

        TestServer.Response queued = server.post("/api/v1/apps/vars/builds", deployer, Map.of("service", "web",
                "ref", built.substring(0, 8)));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        long id = queued.json().get("id").asLong();
        String events = sse("/api/v1/builds/" + id + "/events", viewer);
        JsonNode shown = server.get("/api/v1/builds/" + id, viewer).json();

        assertThat(shown.get("status").asText()).as(shown.toString()).isEqualTo("succeeded");
        assertThat(shown.get("ref").asText()).isEqualTo(built.substring(0, 8));
        assertThat(shown.get("commit").asText()).isEqualTo(built);
        assertThat(shown.get("log").toString()).contains("set-through-the-api", "from-service-yml", "TOKEN=\\\"*****\\\"")
                .doesNotContain(secret);
        assertThat(events).contains("set-through-the-api").doesNotContain(secret);
        // The secret did reach the Dockerfile: the image's config has it.
        String env = new io.maestro.hosts.exec.LocalExecutor().run(io.maestro.hosts.exec.Command.of(
                Buildah.storedIn(BuildConfig.under(home).directory().resolve("buildah")).argv(java.util.List.of("inspect",
                        "--type", "image", "--format", "{{.OCIv1.Config.Env}}", shown.get("image").asText())))).requireSuccess().stdout();
        assertThat(env).contains("NOTE=set-through-the-api", "TOKEN=" + secret, "GREETING=from-service-yml");
    }

    @Test
    void aServiceWithAnImageOrAnUnknownServiceIsNotBuilt() {
        TestServer.Response image = server.post("/api/v1/apps/shop/builds", deployer, Map.of("service", "cache"));
        TestServer.Response unknown = server.post("/api/v1/apps/shop/builds", deployer, Map.of("service", "nope"));

        assertThat(image.status()).isEqualTo(422);
        assertThat(image.json().get("message").asText()).contains("has no git_url");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).contains("has no service 'nope' (it has web, cache)");
    }

    @Test
    void anExhaustedHardStopPlanRefusesANewBuildWith409AndQueuesNothing() {
        Path otherHome = home.resolveSibling(home.getFileName() + "-free");
        try (TestServer free = TestServer.startWithLocalGit(otherHome)) {
            String dora = free.tokenFor("dora", Role.DEPLOYER);
            free.post("/api/v1/apps", dora, TestServer.app("shop", """
                    version: 2
                    services:
                      web:
                        git_url: https://git.example/shop.git
                        git_branch: main
                    """, null, "first"));
            // Admin-only plan changes; the free plan is the default.
            assertThat(free.send("PUT", "/api/v1/build-minutes/plan", dora,
                    "{\"name\":\"big\",\"includedMinutes\":9999,\"hardStop\":true}").status()).isEqualTo(403);
            assertThat(free.send("PUT", "/api/v1/build-minutes/plan", free.adminToken,
                    "{\"name\":\"tiny\",\"includedMinutes\":1,\"overagePerMinute\":\"0\",\"hardStop\":true}").status()).isEqualTo(200);
            free.server.store().buildMinutes().record(BuildConfig.DEFAULT_ACCOUNT, "earlier", "build", Instant.now(), 61);

            TestServer.Response refused = free.post("/api/v1/apps/shop/builds", dora, Map.of("service", "web"));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).isEqualTo("build_minutes_exhausted");
            assertThat(refused.json().get("message").asText())
                    .contains("has used all 1 Build Minutes of plan 'tiny'", "builds are stopped until", "upgrade to a plan with overage");
            assertThat(free.get("/api/v1/builds", dora).json().get("builds")).isEmpty();
            assertThat(free.get("/api/v1/build-minutes", dora).json().get("exhausted").asBoolean()).isTrue();

            TestServer.Response growth = free.send("PUT", "/api/v1/build-minutes/plan", free.adminToken,
                    "{\"name\":\"growth\",\"includedMinutes\":1,\"overagePerMinute\":\"0.03\",\"hardStop\":false}");
            assertThat(growth.json().get("overageMinutes").asLong()).isEqualTo(1);
            assertThat(growth.json().get("overageCost").asText()).isEqualTo("1");
            assertThat(free.post("/api/v1/apps/shop/builds", dora, Map.of("service", "web")).status()).isEqualTo(202);
        }
    }

    @Test
    void registryPasswordsGoInSealedAndNeverComeBackOut() {
        TestServer.Response added = server.post("/api/v1/registries", server.adminToken,
                Map.of("host", "registry.example:5000", "username", "ci", "password", "hunter2-secret"));
        TestServer.Response listed = server.get("/api/v1/registries", viewer);

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("hunter2-secret");
        assertThat(listed.body()).contains("registry.example:5000", "\"username\":\"ci\"").doesNotContain("hunter2-secret");
        assertThat(server.server.store().registries().password("registry.example:5000")).contains("hunter2-secret");
        assertThat(server.post("/api/v1/registries", deployer, Map.of("host", "x.example", "username", "u", "password", "p"))
                .status()).isEqualTo(403);
        assertThat(server.post("/api/v1/registries", server.adminToken, Map.of("host", "-bad", "username", "u", "password", "p"))
                .status()).isEqualTo(400);
        assertThat(server.send("DELETE", "/api/v1/registries/registry.example:5000", server.adminToken, null).status()).isEqualTo(204);
    }

    private static String sse(String path, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.server.port() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
