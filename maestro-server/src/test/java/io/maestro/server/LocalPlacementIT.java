package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.local.LocalRuntime;
import io.maestro.store.deploy.HostComponent;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local-target deployment (podman on this host) of {@code examples/hello} whose PostgreSQL the
 * manifest places on {@code db1}, a server registered over SSH (a real sshd on a loopback port: the
 * "remote" server is this machine reached as {@code root@127.0.0.1:PORT}). The store is provisioned
 * through SSH and recorded on {@code db1}; the container's environment shows the server's address,
 * not {@code host.containers.internal}; Redis, which the manifest does not place, stays on this host.
 */
class LocalPlacementIT {

    @TempDir
    static Path home;

    static TestSshd sshd;
    static TestServer server;
    static String token;
    static String app;
    static int webPort;

    @BeforeAll
    static void startSshdAndControlPlane() throws IOException {
        assumeTrue(TestSshd.available(), "needs root and openssh-server");
        Path hello = locateHello();
        try (LocalRuntime builder = LocalRuntime.open(home.resolve("builder"))) {
            builder.images().build(hello.resolve("images/web"), "localhost/maestro-hello-web:1");
            builder.images().build(hello.resolve("images/worker"), "localhost/maestro-hello-worker:1");
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("home"));
        Files.setPosixFilePermissions(home.resolve("home"), PosixFilePermissions.fromString("rwxr-xr-x"));
        sshd = TestSshd.start();
        server = TestServer.start(home.resolve("home"));
        token = server.adminToken;
        Map<String, Object> db1 = new LinkedHashMap<>();
        db1.put("name", "db1");
        db1.put("ssh", sshd.address());
        db1.put("privateKey", sshd.clientKey());
        db1.put("knownHosts", sshd.knownHostsLine());
        TestServer.Response added = server.post("/api/v1/servers", token, db1);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);

        app = "lp" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        try (ServerSocket socket = new ServerSocket(0)) {
            webPort = socket.getLocalPort();
        }
        String serviceYml = Files.readString(hello.resolve("service.yml")).replace("http: 8080", "http: " + webPort);
        String manifestYml = """
                production:
                  postgresql:
                    configuration:
                      version: "15"
                    servers:
                      - server:
                          unique_name: db1
                  redis:
                    configuration:
                      version: "7"
                """;
        TestServer.Response created = server.post("/api/v1/apps", token,
                TestServer.app(app, serviceYml, manifestYml, "hello with its database on db1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @AfterAll
    static void removeEverything() {
        try {
            if (server != null) {
                try {
                    server.send("DELETE", "/api/v1/apps/" + app + "/environments/production/local?purge=true", token, null);
                } finally {
                    server.close();
                }
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    @Test
    void theContainersGetTheAddressOfTheServerTheirDatabaseWasPlacedOn() throws Exception {
        int defaultPort = 5432;   // the manifest cannot set PostgreSQL's port: the engine's default on db1
        try (ServerSocket probe = new ServerSocket(defaultPort, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(probe.getLocalPort()).isEqualTo(defaultPort);
        }
        TestServer.Response target = server.send("PUT", "/api/v1/apps/" + app + "/environments/production",
                token, "{\"target\": \"local\"}");
        assertThat(target.status()).as(target.toString()).isEqualTo(200);

        JsonNode done = deploy();

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        HostComponent postgresql = server.server.store().hostComponents().find(app, "production", "postgresql", "default")
                .orElseThrow();
        assertThat(postgresql.server()).isEqualTo("db1");
        assertThat(postgresql.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(postgresql.port()).isEqualTo(defaultPort);
        HostComponent redis = server.server.store().hostComponents().find(app, "production", "redis", "default").orElseThrow();
        assertThat(redis.server()).isNull();

        String page = get("/cgi-bin/hello");
        assertThat(page).contains("database host: 127.0.0.1").contains("database name: " + app + "_production");
        assertThat(page).doesNotContain("database host: host.containers.internal");
    }

    private static JsonNode deploy() throws InterruptedException {
        TestServer.Response queued = server.post("/api/v1/apps/" + app + "/deployments", token,
                Map.of("environment", "production"));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        long id = queued.json().path("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
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
        throw new AssertionError("deployment " + id + " did not finish in 8 minutes");
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
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
