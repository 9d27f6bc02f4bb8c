package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.local.LocalRuntime;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load balancer in front of a local-target environment, through the real control plane: real
 * podman (2 replicas of the hello web image), real nginx, HTTPS from the control plane's
 * development CA, which the client here trusts (and nothing else).
 */
class LoadBalancerIT {

    private static final Pattern SERVED_BY = Pattern.compile("(?m)^served by: (\\S+)$");

    @TempDir
    static Path home;

    static TestServer server;
    static String token;
    static String app;
    static HttpClient client;

    @BeforeAll
    static void buildTheImageAndStartTheControlPlane() throws IOException {
        Path hello = locateHello();
        try (LocalRuntime builder = LocalRuntime.open(home.resolve("builder"))) {
            builder.images().build(hello.resolve("images/web"), "localhost/maestro-hello-web:1");
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = TestServer.start(home.resolve("home"));
        token = server.adminToken;
        app = "lb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        String serviceYml = """
                version: 2
                services:
                  web:
                    image: localhost/maestro-hello-web:1
                    command: /bin/start-web
                    ports:
                      - container: 8080
                        http: %d
                    health:
                      ready:
                        type: http
                        endpoint: /health
                        period: 1
                    stop_grace: 2
                    constraints:
                      min_count: 2
                      max_count: 2
                """.formatted(freePort());
        TestServer.Response created = server.post("/api/v1/apps", token, TestServer.app(app, serviceYml, null, "lb"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        TestServer.Response target = server.send("PUT", "/api/v1/apps/" + app + "/environments/production",
                token, "{\"target\": \"local\"}");
        assertThat(target.status()).as(target.toString()).isEqualTo(200);
    }

    @AfterAll
    static void removeEverything() {
        if (server == null) {
            return;
        }
        try {
            server.send("DELETE", "/api/v1/apps/" + app + "/environments/production/local?purge=true", token, null);
            assertThat(home.resolve("home/lb/" + app + "-production")).doesNotExist();
        } finally {
            server.close();
        }
    }

    @Test
    void nginxServesBothReplicasOverHttpsRedirectsHttpSurvivesAKilledReplicaAndKeepsServingAcrossRedeploys()
            throws Exception {
        JsonNode first = deploy();
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.path("steps")).extracting(s -> s.path("name").asText()).endsWith("deploy containers",
                "configure load balancer");
        List<String> endpoints = endpoints();
        assertThat(endpoints).hasSize(2);
        String https = endpoints.get(0);
        String http = endpoints.get(1);
        assertThat(https).matches("https://127\\.0\\.0\\.1:\\d+/");
        assertThat(http).matches("http://127\\.0\\.0\\.1:\\d+/");
        client = DevelopmentCaClient.trusting(home.resolve("home/tls/ca.pem"));

        // Both replicas answer through nginx; the backend sees who asked and over what.
        Set<String> replicas = new HashSet<>();
        for (int i = 0; i < 30 && replicas.size() < 2; i++) {
            String page = get(https + "cgi-bin/hello", Map.of("X-Forwarded-For", "203.0.113.9"));
            assertThat(page).contains("forwarded for: 203.0.113.9, 127.0.0.1").contains("forwarded proto: https");
            replicas.add(servedBy(page));
        }
        assertThat(replicas).hasSize(2);

        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http + "cgi-bin/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue(https + "cgi-bin/hello");

        // A killed replica leaves rotation: requests keep succeeding, all on the other one.
        String victim = replicas.iterator().next();
        run("podman", "pod", "kill", victim);   // the hostname is the pod's name
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int inARow = 0;
        while (inARow < 20) {
            assertThat(Instant.now()).as("20 successful requests in a row after killing " + victim).isBefore(deadline);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(https + "cgi-bin/hello"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            inARow = response.statusCode() == 200 ? inARow + 1 : 0;
            if (inARow == 0) {
                Thread.sleep(200);
            }
        }

        // A redeploy re-renders and keeps serving on the same entry points.
        JsonNode second = deploy();
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(endpoints()).isEqualTo(endpoints);
        assertThat(get(https + "cgi-bin/hello", Map.of())).contains("served by: ");

        // The user's include survives regeneration; an invalid one fails the step and the old config keeps serving.
        Path custom = home.resolve("home/lb/" + app + "-production/custom/server.d");
        Files.writeString(custom.resolve("custom.conf"), "add_header X-Custom-Include yes always;\n");
        assertThat(deploy().path("status").asText()).isEqualTo("succeeded");
        assertThat(client.send(HttpRequest.newBuilder(URI.create(https + "health")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Custom-Include")).hasValue("yes");
        Files.writeString(custom.resolve("broken.conf"), "this_is_not_a_directive;\n");
        JsonNode broken = deploy();
        assertThat(broken.path("status").asText()).isEqualTo("failed");
        assertThat(broken.path("detail").asText()).contains("configure load balancer").contains("nginx");
        assertThat(broken.toString()).contains("this_is_not_a_directive");
        assertThat(get(https + "cgi-bin/hello", Map.of())).contains("served by: ");
        Files.delete(custom.resolve("broken.conf"));
    }

    private static List<String> endpoints() throws IOException, InterruptedException {
        JsonNode status = server.get("/api/v1/apps/" + app + "/status?environment=production", token).json();
        List<String> urls = new ArrayList<>();
        status.path("services").get(0).path("endpoints").forEach(e -> urls.add(e.asText()));
        return urls;
    }

    private static String get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String servedBy(String page) {
        Matcher m = SERVED_BY.matcher(page);
        assertThat(m.find()).as("a served-by line in:\n" + page).isTrue();
        return m.group(1);
    }

    private static JsonNode deploy() throws InterruptedException {
        TestServer.Response queued = server.post("/api/v1/apps/" + app + "/deployments", token,
                Map.of("environment", "production"));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        long id = queued.json().path("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            TestServer.Response response = server.get("/api/v1/deployments/" + id, token);
            if (response.status() == 200) {
                String status = response.json().path("status").asText();
                if (status.equals("succeeded") || status.equals("failed")) {
                    return response.json();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("deployment " + id + " did not finish in 3 minutes");
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", argv) + ": " + output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path locateHello() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/hello/service.yml"))) {
                return dir.resolve("examples/hello");
            }
        }
        throw new IllegalStateException("examples/hello not found above " + Path.of("").toAbsolutePath());
    }
}
