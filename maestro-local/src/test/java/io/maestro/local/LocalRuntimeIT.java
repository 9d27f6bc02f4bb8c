package io.maestro.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.local.testing.Http;
import io.maestro.local.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * examples/hello on real podman, as `maestro up` runs it: images built FROM scratch with
 * busybox, a real redis-server on the host reached at host.containers.internal, two web replicas
 * behind the published port, a worker. The steps share one deployment and run in order; every
 * pod, volume and image carries this run's unique prefix and is removed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRuntimeIT {

    private final String app = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    private Path dataDir;
    private LocalRuntime runtime;
    private RedisServer redis;
    private int webPort;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("maestro-local-it-");
        redis = RedisServer.start();
        runtime = LocalRuntime.open(dataDir);
        var definition = HelloExample.definition(app, "unused");
        assertThat(runtime.images().buildServiceImages(definition, HelloExample.DIR.resolve("images")))
                .containsEntry("web", true).containsEntry("worker", true);
        // Same files, same tag: nothing is built again (what makes a second `maestro up` fast).
        assertThat(runtime.images().build(HelloExample.images("web"), "localhost/" + app + "-web:1")).isFalse();
        webPort = RedisServer.freePort();
    }

    @AfterAll
    void cleanUp() {
        try {
            if (runtime != null) {
                runtime.remove(app, "production", true);
                runtime.podman().tryRun(List.of("rmi", "--force", "localhost/" + app + "-web:1", "localhost/" + app + "-worker:1"));
                runtime.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
            if (dataDir != null) {
                ImageBuilder.deleteTree(dataDir);
            }
        }
    }

    private LocalDeployment deployment(String greeting) throws IOException {
        return LocalDeployment.of(HelloExample.definition(app, greeting), app, "production")
                .withEnv(Map.of(
                        "REDIS_ADDRESS", "host.containers.internal",
                        "REDIS_PORT", Integer.toString(redis.port()),
                        "POSTGRESQL_ADDRESS", "host.containers.internal",
                        "POSTGRESQL_PORT", "5432",
                        "POSTGRESQL_DATABASE", "hello_production",
                        "POSTGRESQL_USERNAME", "hello",
                        "POSTGRESQL_PASSWORD", "not-a-real-password"))
                .withHostPort("web", 8080, webPort)
                .withBindAddress("127.0.0.1");
    }

    @Test
    @Order(0)
    void aPublishedPortAlreadyTakenIsRefusedByNameAndStartsNothing() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            LocalDeployment deployment = deployment("Hello from the test").withHostPort("web", 8080, taken.getLocalPort());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.deploy(deployment))
                    .isInstanceOf(LocalException.class)
                    .hasMessageContaining(app + "-production/web")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(runtime.podman().run("ps", "--all", "--quiet", "--filter",
                "label=" + PodSpecs.LABEL_APP + "=" + app + "-production").stdout()).isBlank();
    }

    @Test
    @Order(1)
    void deployRunsTwoReadyWebReplicasAndAWorkerThatCountInRedis() throws Exception {
        LocalRuntime.DeployResult result = runtime.deploy(deployment("Hello from the test"));

        assertThat(result.services()).containsEntry("web", "created").containsEntry("worker", "created");
        LocalStatus status = runtime.status(app, "production");
        LocalStatus.Service web = status.service("web").orElseThrow();
        assertThat(web.desired()).isEqualTo(2);
        assertThat(web.ready()).isEqualTo(2);
        assertThat(web.ports()).containsExactly(new PublishedPort("web", 8080, 8080, webPort, "http"));
        assertThat(status.service("worker").orElseThrow().running()).isEqualTo(1);

        Http.Response first = Http.get(webPort, "/cgi-bin/hello");
        Http.Response second = Http.get(webPort, "/cgi-bin/hello");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("Hello from the test", "database host: host.containers.internal",
                "database name: hello_production");
        assertThat(hits(second)).isEqualTo(hits(first) + 1);
        assertThat(redis.command("GET hits")).isEqualTo("$" + Long.toString(hits(second)).length());
        await(Duration.ofSeconds(20), () -> runtime.logs(app, "production", "worker", 20).contains("worker: tick 1"));
    }

    @Test
    @Order(2)
    void deployingTheSameDefinitionAgainChangesNothing() throws Exception {
        List<String> pods = pods("web");

        LocalRuntime.DeployResult result = runtime.deploy(deployment("Hello from the test"));

        assertThat(result.services()).containsEntry("web", "unchanged").containsEntry("worker", "unchanged");
        assertThat(pods("web")).isEqualTo(pods);
    }

    @Test
    @Order(3)
    void scalingAddsReadyReplicasAndRemovesSurplusOnes() throws Exception {
        runtime.scale(app, "production", "web", 3);
        assertThat(runtime.status(app, "production").service("web").orElseThrow().ready()).isEqualTo(3);

        runtime.scale(app, "production", "web", 1);
        LocalStatus.Service web = runtime.status(app, "production").service("web").orElseThrow();
        assertThat(web.replicas()).hasSize(1);
        assertThat(web.ready()).isEqualTo(1);
        assertThat(Http.get(webPort, "/cgi-bin/hello").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aRedeployUnderARequestLoopReplacesEveryReplicaWithoutOneFailedRequest() throws Exception {
        runtime.scale(app, "production", "web", 2);
        List<String> before = pods("web");
        AtomicBoolean looping = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread client = Thread.ofVirtual().start(() -> {
            while (looping.get()) {
                try {
                    Http.Response response = Http.get(webPort, "/cgi-bin/hello");
                    if (response.status() == 200 && response.body().contains("hits: ")) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(response.status() + " " + response.body());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
            }
        });
        try {
            await(Duration.ofSeconds(10), () -> ok.get() >= 5);
            LocalRuntime.DeployResult result = runtime.deploy(deployment("Hello again"));
            assertThat(result.services()).containsEntry("web", "replaced").containsEntry("worker", "unchanged");
            int afterSwitch = ok.get();
            await(Duration.ofSeconds(10), () -> ok.get() >= afterSwitch + 5);
        } finally {
            looping.set(false);
            client.join();
        }

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(10);
        List<String> after = pods("web");
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(Http.get(webPort, "/cgi-bin/hello").body()).contains("Hello again");
    }

    @Test
    @Order(5)
    void aKilledContainerIsRestartedAndServesAgain() throws Exception {
        LocalStatus.Replica victim = runtime.status(app, "production").service("web").orElseThrow().replicas().get(0);
        String pid = runtime.podman().run("container", "inspect", "--format", "{{.State.Pid}}", victim.container())
                .stdout().strip();

        new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor();

        await(Duration.ofSeconds(30), () -> runtime.status(app, "production").service("web").orElseThrow().replicas()
                .stream().anyMatch(r -> r.pod().equals(victim.pod()) && r.restarts() >= 1 && r.ready()));
        assertThat(Http.get(webPort, "/cgi-bin/hello").status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aContainerStoppedWithPodmanKillIsStartedAgainByTheWatcher() throws Exception {
        LocalStatus.Replica worker = runtime.status(app, "production").service("worker").orElseThrow().replicas().get(0);

        runtime.podman().run("kill", worker.container());

        await(Duration.ofSeconds(30), () -> runtime.status(app, "production").service("worker").orElseThrow()
                .replicas().stream().anyMatch(r -> r.pod().equals(worker.pod()) && r.state().equals("running")));
    }

    @Test
    @Order(7)
    void removeLeavesNoPodNoContainerAndNoListeningPort() throws Exception {
        runtime.remove(app, "production", true);

        String containers = runtime.podman().run("ps", "--all", "--quiet", "--filter",
                "label=" + PodSpecs.LABEL_APP + "=" + app + "-production").stdout();
        String pods = runtime.podman().run("pod", "ps", "--quiet", "--filter", "name=" + app).stdout();
        assertThat(containers).isBlank();
        assertThat(pods).isBlank();
        assertThat(runtime.status(app, "production").services()).isEmpty();
        assertThat(HealthProbe.connects(webPort)).isFalse();
    }

    private List<String> pods(String service) {
        return runtime.status(app, "production").service(service).orElseThrow().replicas().stream()
                .map(LocalStatus.Replica::pod).toList();
    }

    private static long hits(Http.Response response) {
        return response.body().lines().filter(l -> l.startsWith("hits: ")).map(l -> Long.parseLong(l.substring(6).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no hits line in: " + response.body()));
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
