package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.registry.LocalRegistry;
import io.maestro.buildgrid.registry.RegistryLogin;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.net.FreePorts;
import io.maestro.server.build.BuildConfig;
import io.maestro.server.build.TestRepository;
import io.maestro.store.auth.Role;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A registry that wants a password: Debian's docker-registry with {@code auth: htpasswd} (bcrypt,
 * as the distribution registry requires) on a free loopback port. Its credentials go in through
 * the registries routes (sealed in the store), a build through the API pushes there with them,
 * and the image is pulled back with the same credentials into an empty buildah storage; without
 * credentials the registry refuses both.
 */
class RegistryAuthIT {

    private static final String USER = "ci";
    private static final String PASSWORD = "htpasswd-pass-" + System.nanoTime();

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    static Process registryProcess;
    static String registry;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path htpasswd = work.resolve("htpasswd");
        Files.writeString(htpasswd, USER + ":" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(5)) + "\n");
        int port = FreePorts.loopback();
        registry = "127.0.0.1:" + port;
        Path config = work.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                auth:
                  htpasswd:
                    realm: maestro-test
                    path: %s
                """.formatted(work.resolve("storage"), registry, htpasswd));
        registryProcess = new ProcessBuilder(List.of(LocalRegistry.PROGRAM, "serve", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("registry.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        awaitStatus("/v2/", null, 401);
        server = TestServer.startWithLocalGit(home);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            Buildah.storedIn(BuildConfig.under(home).directory().resolve("buildah")).removeEverything();
            Buildah.storedIn(work.resolve("puller")).removeEverything();
        } finally {
            if (registryProcess != null) {
                registryProcess.destroy();
                if (!registryProcess.waitFor(10, TimeUnit.SECONDS)) {
                    registryProcess.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aBuildPushesWithTheStoredCredentialsAndTheImageIsPulledBackWithThem() throws Exception {
        TestRepository repo = TestRepository.withImage(work.resolve("repo"), TestRepository.DOCKERFILE);
        String commit = repo.commit("first");
        String deployer = server.tokenFor("dora", Role.DEPLOYER);
        assertThat(server.post("/api/v1/apps", deployer, TestServer.app("shop", """
                version: 2
                services:
                  web:
                    git_url: %s
                    git_branch: main
                """.formatted(repo.url()), null, "first")).status()).isEqualTo(201);
        TestServer.Response added = server.post("/api/v1/registries", server.adminToken,
                Map.of("host", registry, "username", USER, "password", PASSWORD, "default", true));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(PASSWORD);

        long id = server.post("/api/v1/apps/shop/builds", deployer, Map.of("service", "web")).json().get("id").asLong();
        JsonNode done = awaitBuild(id, deployer);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        String image = done.get("image").asText();
        assertThat(image).isEqualTo(registry + "/shop/web:" + commit);
        assertThat(done.get("log").toString()).doesNotContain(PASSWORD);
        assertThat(awaitStatus("/v2/shop/web/tags/list", null, 401)).isEqualTo(401);
        assertThat(awaitStatus("/v2/shop/web/tags/list", basic(USER, PASSWORD), 200)).isEqualTo(200);
        assertThat(get("/v2/shop/web/tags/list", basic(USER, PASSWORD)).body()).contains(commit);

        // Pulled back into an empty storage: refused without credentials, pulled with them.
        Buildah puller = Buildah.storedIn(work.resolve("puller"));
        assertThat(buildah(puller, List.of("pull", "--tls-verify=false", "docker://" + image)).succeeded()).isFalse();
        try (RegistryLogin.AuthFile auth = new RegistryLogin(registry, USER, PASSWORD).writeAuthFile()) {
            ExecResult pulled = buildah(puller, List.of("pull", "--tls-verify=false", "--authfile", auth.path().toString(),
                    "docker://" + image));
            assertThat(pulled.succeeded()).as(pulled.stderr()).isTrue();
        }
        assertThat(buildah(puller, List.of("inspect", "--type", "image", "--format", "{{.OCIv1.Config.Env}}", image))
                .requireSuccess().stdout()).contains("GREETING=");
    }

    private static JsonNode awaitBuild(long id, String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode shown = server.get("/api/v1/builds/" + id, token).json();
        while (System.nanoTime() < deadline && List.of("queued", "running").contains(shown.get("status").asText())) {
            Thread.sleep(200);
            shown = server.get("/api/v1/builds/" + id, token).json();
        }
        return shown;
    }

    private static ExecResult buildah(Buildah storage, List<String> args) {
        return new LocalExecutor().run(Command.of(storage.argv(args)).withTimeout(Duration.ofMinutes(2)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until {@code path} answers {@code expected} (the registry starting), returns the last status. */
    private static int awaitStatus(String path, String authorization, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            try {
                status = get(path, authorization).statusCode();
                if (status == expected) {
                    return status;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (registryProcess != null && !registryProcess.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(work.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
        return status;
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry + path)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
