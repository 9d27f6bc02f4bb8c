package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.server.build.BuildConfig;
import io.maestro.server.build.TestRepository;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy = build + publish end to end on the local target: a web service with {@code git_url}
 * pointing at a temporary git repository (FROM scratch + busybox) is built with buildah, pushed
 * to the local registry, pulled into podman and served; a broken Dockerfile and a failing
 * {@code deploy_command} fail their deployments before the running container changes.
 */
class PublishLocalIT {

    private static final String DOCKERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            COPY index.html /www/index.html
            ENV GREETING="$GREETING" TOKEN="$API_TOKEN"
            """;
    private static final String SECRET = "build-secret-" + System.nanoTime();

    @TempDir
    static Path temp;

    static TestServer server;
    static String token;
    static String app;
    static int port;
    static TestRepository repository;

    @BeforeAll
    static void startTheControlPlane() throws IOException {
        Files.createDirectories(temp.resolve("home"));
        server = TestServer.startWithBuilds(temp.resolve("home"), BuildConfig.under(temp.resolve("home")).withLocalRepositories(true));
        token = server.adminToken;
        app = "pub" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        port = freePort();
        repository = TestRepository.withImage(temp.resolve("repo"), DOCKERFILE).write("index.html", "version one\n");
        repository.commit("first");
    }

    @AfterAll
    static void removeEverything() {
        if (server == null) {
            return;
        }
        try {
            server.send("DELETE", "/api/v1/apps/" + app + "/environments/production/local?purge=true", token, null);
        } finally {
            server.close();
        }
    }

    @Test
    void aGitServiceIsBuiltPushedAndServedAndFailuresChangeNothingThatRuns() throws Exception {
        TestServer.Response created = server.post("/api/v1/apps", token, TestServer.app(app, serviceYml(null), null, "from git"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        TestServer.Response target = server.send("PUT", "/api/v1/apps/" + app + "/environments/production", token,
                "{\"target\": \"local\"}");
        assertThat(target.status()).as(target.toString()).isEqualTo(200);
        assertThat(server.send("PUT", "/api/v1/apps/" + app + "/env-vars/API_TOKEN", token,
                "{\"value\":\"" + SECRET + "\",\"secret\":true}").status()).isLessThan(300);

        JsonNode first = deploy(Map.of("environment", "production", "gitRef", "main"));
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.path("steps")).extracting(s -> s.path("name").asText()).contains("build", "pull images", "deploy containers");
        assertThat(first.path("log").toString()).contains("web | ").contains("/" + app + "/web:");
        // The Dockerfile got the service's variables, the definition's and the API's secret, which stays masked.
        assertThat(first.path("log").toString()).contains("GREETING=\\\"from-service-yml\\\"", "TOKEN=\\\"*****\\\"")
                .doesNotContain(SECRET);
        assertThat(page()).isEqualTo("version one\n");

        // A broken Dockerfile: the build fails, the running container keeps serving.
        repository.write("Dockerfile", "FORM scratch\n").write("index.html", "version two\n").commit("broken");
        JsonNode broken = deploy(Map.of("environment", "production"));
        assertThat(broken.path("status").asText()).as(broken.toString()).isEqualTo("failed");
        assertThat(broken.path("detail").asText()).startsWith("step 'build' failed");
        assertThat(broken.path("steps")).extracting(s -> s.path("name").asText()).doesNotContain("deploy containers");
        assertThat(page()).isEqualTo("version one\n");

        // Fixed, but the new version's deploy_command exits 1: nothing is published.
        repository.write("Dockerfile", DOCKERFILE).commit("fixed");
        TestServer.Response second = server.post("/api/v1/apps/" + app + "/versions", token,
                Map.of("serviceYml", serviceYml("/bin/busybox sh -c \"echo migrating; exit 1\""), "comment", "migrations"));
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        JsonNode refused = deploy(Map.of("environment", "production"));
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("failed");
        assertThat(refused.path("detail").asText()).contains("deploy_command of web exited with 1");
        assertThat(refused.path("log").toString()).contains("migrating");
        assertThat(page()).isEqualTo("version one\n");
    }

    private static String serviceYml(String deployCommand) {
        return """
                version: 2
                services:
                  web:
                    git_url: %s
                    git_branch: main
                    env_vars:
                      GREETING: from-service-yml
                %s    command: /bin/busybox httpd -f -p 8080 -h /www
                    ports:
                      - container: 8080
                        http: %d
                """.formatted(repository.url(), deployCommand == null ? "" : "    deploy_command: '" + deployCommand + "'\n", port);
    }

    private static JsonNode deploy(Map<String, Object> body) throws InterruptedException {
        TestServer.Response queued = server.post("/api/v1/apps/" + app + "/deployments", token, body);
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        long id = queued.json().path("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            TestServer.Response response = server.get("/api/v1/deployments/" + id, token);
            String status = response.json().path("status").asText();
            if (status.equals("succeeded") || status.equals("failed")) {
                return response.json();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("deployment " + id + " did not finish in 5 minutes");
    }

    private static String page() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
