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
 * A local-target environment whose manifest chooses HAProxy ({@code load_balancer.configuration.engine:
 * haproxy}), through the real control plane: real podman (2 replicas of the hello web image), real
 * HAProxy with active health checks on {@code /health}, HTTPS from the development CA, which the
 * client here trusts (and nothing else).
 */
class HaproxyLoadBalancerIT {

    private static final Pattern SERVED_BY = Pattern.compile("(?m)^served by: (\\S+)$");

    @TempDir
    static Path home;

    static TestServer server;
    static String token;
    static String app;

    @BeforeAll
    static void buildTheImageAndStartTheControlPlane() throws IOException {
        Path hello = locateHello();
        try (LocalRuntime builder = LocalRuntime.open(home.resolve("builder"))) {
            builder.images().build(hello.resolve("images/web"), "localhost/maestro-hello-web:1");
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = TestServer.start(home.resolve("home"));
        token = server.adminToken;
        app = "hap" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
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
        String manifestYml = """
                production:
                  load_balancer:
                    configuration:
                      engine: haproxy
                      httpchk: /health
                """;
        TestServer.Response created = server.post("/api/v1/apps", token, TestServer.app(app, serviceYml, manifestYml, "haproxy"));
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
    void haproxyServesBothReplicasOverHttpsAndRedirectsHttp() throws Exception {
        JsonNode first = deploy();
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.path("steps")).extracting(s -> s.path("name").asText()).endsWith("deploy containers",
                "configure load balancer");
        assertThat(first.toString()).contains("haproxy serving");
        Path prefix = home.resolve("home/lb/" + app + "-production");
        assertThat(Files.readString(prefix.resolve("engine")).strip()).isEqualTo("haproxy");
        assertThat(prefix.resolve("haproxy.cfg")).exists();
        assertThat(prefix.resolve("nginx.conf")).doesNotExist();
        List<String> endpoints = endpoints();
        assertThat(endpoints).hasSize(2);
        String https = endpoints.get(0);
        String http = endpoints.get(1);
        assertThat(https).matches("https://127\\.0\\.0\\.1:\\d+/");
        assertThat(http).matches("http://127\\.0\\.0\\.1:\\d+/");
        HttpClient client = DevelopmentCaClient.trusting(home.resolve("home/tls/ca.pem"));

        // Both replicas answer through HAProxy; the backend sees who asked and over what.
        Set<String> replicas = new HashSet<>();
        for (int i = 0; i < 30 && replicas.size() < 2; i++) {
            String page = get(client, https + "cgi-bin/hello", Map.of("X-Forwarded-For", "203.0.113.9"));
            // HAProxy's option forwardfor adds its own X-Forwarded-For line (the client's address) after the client's.
            assertThat(page).containsPattern("forwarded for: .*127\\.0\\.0\\.1").contains("forwarded proto: https");
            replicas.add(servedBy(page));
        }
        assertThat(replicas).hasSize(2);

        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http + "cgi-bin/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue(https + "cgi-bin/hello");

        // A redeploy keeps the entry points, and the development certificate (kept under MAESTRO_HOME/tls/leaves).
        String certificate = Files.readString(prefix.resolve("certs/web-dev.chain.pem"));
        JsonNode second = deploy();
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(endpoints()).isEqualTo(endpoints);
        assertThat(Files.readString(prefix.resolve("certs/web-dev.chain.pem"))).isEqualTo(certificate);
        assertThat(get(client, https + "cgi-bin/hello", Map.of())).contains("served by: ");
    }

    private static List<String> endpoints() throws IOException, InterruptedException {
        JsonNode status = server.get("/api/v1/apps/" + app + "/status?environment=production", token).json();
        List<String> urls = new ArrayList<>();
        status.path("services").get(0).path("endpoints").forEach(e -> urls.add(e.asText()));
        return urls;
    }

    /** A GET that must answer 200; HAProxy marks a backend up after its first health check, so a 503 right after start is retried. */
    private static String get(HttpClient client, String url, Map<String, String> headers) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            headers.forEach(request::header);
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }
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
