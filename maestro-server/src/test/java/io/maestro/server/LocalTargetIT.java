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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target through the real control plane: an in-process server with its one
 * LocalRuntime, real podman, real PostgreSQL and Redis provisioned by the drivers on this host,
 * and the example application {@code examples/hello} (its web port moved to a free one).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalTargetIT {

    private static final Pattern HITS = Pattern.compile("(?m)^hits: (\\d+)$");

    @TempDir
    static Path home;

    static TestServer server;
    static String token;
    static String app;
    static int webPort;
    /** podman with a Maestro containers.conf, to look inside the containers the control plane runs. */
    static LocalRuntime inspector;

    @BeforeAll
    static void buildImagesAndStartTheControlPlane() throws IOException {
        Path hello = locateHello();
        // The images are podman's, shared by every runtime of this host; built once per content.
        inspector = LocalRuntime.open(home.resolve("builder"));
        inspector.images().build(hello.resolve("images/web"), "localhost/maestro-hello-web:1");
        inspector.images().build(hello.resolve("images/worker"), "localhost/maestro-hello-worker:1");
        // The engines run as their own OS users, which must reach MAESTRO_HOME/components.
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("home"));
        Files.setPosixFilePermissions(home.resolve("home"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        server = TestServer.start(home.resolve("home"));
        token = server.adminToken;
        app = "it" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        webPort = freePort();
        String serviceYml = Files.readString(hello.resolve("service.yml")).replace("http: 8080", "http: " + webPort);
        String manifestYml = Files.readString(hello.resolve("manifest.yml"));
        TestServer.Response created = server.post("/api/v1/apps", token,
                TestServer.app(app, serviceYml, manifestYml, "hello on this host"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
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
            inspector.close();
        }
    }

    @Test
    @Order(1)
    void aLocalTargetDeploymentProvisionsTheDatabasesAndServesTheAppWhoseCounterGrows() throws Exception {
        TestServer.Response target = server.send("PUT", "/api/v1/apps/" + app + "/environments/production",
                token, "{\"target\": \"local\"}");
        assertThat(target.status()).as(target.toString()).isEqualTo(200);
        assertThat(target.json().path("target").asText()).isEqualTo("local");

        JsonNode first = deploy();
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.path("steps")).extracting(s -> s.path("name").asText()).containsExactly(
                "load version 1", "provision host components", "resolve environment", "deploy containers",
                "configure load balancer");
        String log = first.path("log").toString();
        assertThat(log).doesNotContain(secretOf("postgresql"));

        String page1 = get("/cgi-bin/hello");
        String page2 = get("/cgi-bin/hello");
        assertThat(page1).contains("database host: host.containers.internal")
                .contains("database name: " + app + "_production");
        assertThat(hits(page2)).isGreaterThan(hits(page1));

        JsonNode status = server.get("/api/v1/apps/" + app + "/status?environment=production", token).json();
        assertThat(status.path("services")).extracting(s -> s.path("name").asText()).containsExactly("web", "worker");
        assertThat(status.path("services").get(0).path("ready").asInt()).isEqualTo(2);
        // The entry points are the load balancer's (LoadBalancerIT checks them); the service's own port still answers.
        assertThat(status.path("services").get(0).path("endpoints").get(0).asText()).startsWith("https://127.0.0.1:");

        JsonNode second = deploy();
        assertThat(second.path("status").asText()).isEqualTo("succeeded");
        assertThat(second.path("detail").asText()).contains("web unchanged").contains("worker unchanged");
        int beforeRestart = hits(get("/cgi-bin/hello"));
        assertThat(beforeRestart).isGreaterThan(hits(page2));

        // The published ports live in the control plane: a restarted one opens them again by itself.
        server.close();
        server = TestServer.start(home.resolve("home"));
        token = server.tokenFor("restarted-admin", io.maestro.store.auth.Role.ADMIN);
        assertThat(hits(get("/cgi-bin/hello"))).isGreaterThan(beforeRestart);
        assertThat(server.get("/api/v1/apps/" + app + "/deployments?environment=production", token).json()
                .path("deployments")).hasSize(2);
    }

    @Test
    @Order(2)
    void variablesAndSecretsSetThroughTheApiReachTheContainersAndARedeployChangesThem() throws Exception {
        String secret = "s3cr3t-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36);
        assertThat(setVariable("GREETING", "{\"value\": \"hello from the API\", \"service\": \"web\"}")).isEqualTo(200);
        assertThat(setVariable("GREETING",
                "{\"value\": \"hello from production\", \"service\": \"web\", \"environment\": \"production\"}"))
                .isEqualTo(200);
        assertThat(setVariable("API_TOKEN", "{\"value\": \"" + secret + "\", \"secret\": true}")).isEqualTo(200);
        assertThat(setVariable("WORKER_ONLY", "{\"value\": \"w\", \"service\": \"worker\"}")).isEqualTo(200);

        JsonNode deployed = deploy();
        assertThat(deployed.path("status").asText()).as(deployed.toString()).isEqualTo("succeeded");
        assertThat(deployed.path("detail").asText()).contains("web replaced").contains("worker replaced");
        assertThat(deployed.toString()).doesNotContain(secret);
        assertThat(get("/cgi-bin/hello")).startsWith("hello from production");
        for (String container : containers("web")) {
            assertThat(printenv(container, "GREETING")).isEqualTo("hello from production");
            assertThat(printenv(container, "API_TOKEN")).isEqualTo(secret);
            assertThat(printenv(container, "WORKER_ONLY")).isEmpty();
            assertThat(printenv(container, "REDIS_ADDRESS")).isEqualTo("host.containers.internal");
        }
        assertThat(containers("worker")).allSatisfy(c -> {
            assertThat(printenv(c, "API_TOKEN")).isEqualTo(secret);
            assertThat(printenv(c, "WORKER_ONLY")).isEqualTo("w");
            assertThat(printenv(c, "TICK_SECONDS")).isEqualTo("5");
        });

        assertThat(setVariable("GREETING",
                "{\"value\": \"changed\", \"service\": \"web\", \"environment\": \"production\"}")).isEqualTo(200);
        // The rolling replace through the control plane, under a request loop: not one request fails.
        java.util.concurrent.atomic.AtomicBoolean looping = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread loop = Thread.ofVirtual().start(() -> {
            while (looping.get()) {
                try {
                    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + webPort + "/health")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        served.incrementAndGet();
                    } else {
                        failures.add("status " + response.statusCode());
                    }
                } catch (IOException | InterruptedException e) {
                    failures.add(e.toString());
                }
            }
        });
        JsonNode again = deploy();
        looping.set(false);
        loop.join();
        assertThat(failures).as("failed requests during the rolling replace").isEmpty();
        assertThat(served.get()).isPositive();
        assertThat(again.path("detail").asText()).as(again.toString()).contains("web replaced").contains("worker unchanged");
        assertThat(containers("web")).allSatisfy(c -> assertThat(printenv(c, "GREETING")).isEqualTo("changed"));
        assertThat(get("/cgi-bin/hello")).startsWith("changed");

        // Nowhere on disk in clear: not in MAESTRO_HOME (the secret store is encrypted), not in a pod spec file.
        try (var files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> contains(f, secret)).toList()).isEmpty();
        }
        String journal = server.get("/api/v1/apps/" + app + "/deployments?environment=production", token).body();
        assertThat(journal).doesNotContain(secret);
    }

    @Test
    @Order(3)
    void aScaledCountIsKeptByLaterDeploysAndAfterAControlPlaneRestart() throws Exception {
        TestServer.Response scaled = server.post("/api/v1/apps/" + app + "/services/web/scale", token,
                Map.of("environment", "production", "replicas", "+1"));
        assertThat(scaled.status()).as(scaled.toString()).isEqualTo(200);
        assertThat(scaled.json().path("to").asInt()).as(scaled.toString()).isEqualTo(3);
        assertThat(containers("web")).hasSize(3);
        TestServer.Response tooMany = server.post("/api/v1/apps/" + app + "/services/web/scale", token,
                Map.of("environment", "production", "replicas", "9"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.body()).contains("between 2 and 4");
        assertThat(containers("web")).hasSize(3);

        JsonNode deployed = deploy();
        assertThat(deployed.path("detail").asText()).as(deployed.toString()).contains("web unchanged");
        List<String> before = containers("web");
        assertThat(before).hasSize(3);

        server.close();
        server = TestServer.start(home.resolve("home"));
        token = server.tokenFor("admin-after-scale", io.maestro.store.auth.Role.ADMIN);
        assertThat(containers("web")).containsExactlyInAnyOrderElementsOf(before);
        JsonNode status = server.get("/api/v1/apps/" + app + "/status?environment=production", token).json();
        assertThat(status.path("services").get(0).path("ready").asInt()).as(status.toString()).isEqualTo(3);
        assertThat(deploy().path("detail").asText()).contains("web unchanged");
        assertThat(containers("web")).containsExactlyInAnyOrderElementsOf(before);
    }

    private static int setVariable(String name, String body) {
        return server.send("PUT", "/api/v1/apps/" + app + "/env-vars/" + name, token, body).status();
    }

    /** The running containers of a service, as podman lists them. */
    private static List<String> containers(String service) {
        String out = inspector.podman().run("ps", "--format", "{{.Names}}", "--filter",
                "label=maestro.io/local=" + app + "-production", "--filter", "label=maestro.io/service=" + service)
                .stdout().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** The variable's value in the running container ({@code env} of busybox; "" when it is not set). */
    private static String printenv(String container, String name) {
        // FROM scratch images have no PATH: name busybox itself (this busybox has env, not printenv).
        io.maestro.hosts.exec.ExecResult result = inspector.podman().tryRun(List.of("exec", container, "/bin/busybox", "env"));
        if (!result.succeeded()) {
            throw new AssertionError("podman exec " + container + " env failed: " + result.stderr());
        }
        return result.stdout().lines().filter(line -> line.startsWith(name + "=")).map(line -> line.substring(name.length() + 1))
                .findFirst().orElse("");
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode awaitDeployment(long id) throws InterruptedException {
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

    private static String secretOf(String kind) {
        return server.server.store().secrets()
                .get(new io.maestro.store.secret.SecretName(app, "component:production", kind + ".default"))
                .orElseThrow(() -> new AssertionError("no " + kind + " password kept in the secret store"));
    }

    private static JsonNode deploy() throws InterruptedException {
        TestServer.Response queued = server.post("/api/v1/apps/" + app + "/deployments", token,
                Map.of("environment", "production"));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        return awaitDeployment(queued.json().path("id").asLong());
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static int hits(String page) {
        Matcher m = HITS.matcher(page);
        assertThat(m.find()).as("a hits line (Redis answered) in:\n" + page).isTrue();
        return Integer.parseInt(m.group(1));
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
