package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.WorkloadController;
import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.store.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy family of commands against the real control plane: its deploy engine applies to
 * fabric8's mock API server (CRUD mode with the server-side-apply emulator), and a background
 * thread plays the Deployment controller, rolling out whatever is behind its spec.
 */
class DeployAgainstServerIT {

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports:
                  - container: 3000
                    http: 80
            """;

    private static final Pattern ADMIN_LINE = Pattern.compile("(?m)^admin token: (\\S+)$");

    @TempDir
    Path dir;

    MockCluster cluster;
    MaestroServer server;
    Map<String, String> env = new HashMap<>();
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private volatile boolean closed;
    private Thread controller;

    @BeforeEach
    void start() throws IOException {
        cluster = MockCluster.start(Duration.ofSeconds(3));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DeployConfig config = DeployConfig.defaults().withLeaseTime(Duration.ofSeconds(3))
                .withPollInterval(Duration.ofMillis(200)).withDriftInterval(Duration.ZERO);
        server = MaestroServer.start(new ServerConfig(0, dir.resolve("server"), null),
                new PrintStream(printed, true, StandardCharsets.UTF_8), connector(), config);
        Matcher m = ADMIN_LINE.matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        env.put("MAESTRO_CONFIG", dir.resolve("cli.json").toString());
        controller = Thread.ofPlatform().daemon().name("test-deployment-controller").start(this::playController);
        Files.writeString(dir.resolve("service.yml"), SERVICE_YML);
        assertThat(maestro("login", "--server", "http://127.0.0.1:" + server.port(), "--token", m.group(1)).exitCode()).isZero();
        String deployer = server.store().tokens().issue(server.store().users().create("dora", Role.DEPLOYER).name()).value();
        assertThat(maestro("login", "--server", "http://127.0.0.1:" + server.port(), "--token", deployer, "--profile", "dora")
                .exitCode()).isZero();
        assertThat(maestro("apps", "create", "shop", "--comment", "first").exitCode()).isZero();
    }

    @AfterEach
    void stop() throws InterruptedException {
        closed = true;
        controller.interrupt();
        controller.join();
        server.close();
        cluster.close();
        vertx.close();
    }

    Cli.Run maestro(String... args) {
        return Cli.run(CliContext.in(dir).withEnv(env), args);
    }

    @Test
    void deployHistoryShowStatusScaleRollbackAndUnlock() throws IOException {
        // A secret set through the API reaches the deploy engine (same secret-store naming on both sides).
        Cli.Run secret = Cli.run(CliContext.in(dir).withEnv(env).withStdin(
                new java.io.ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8))),
                "env-vars", "set", "shop", "DB_PASSWORD", "-", "--secret", "--service", "web", "--profile", "dora");
        assertThat(secret.exitCode()).as(secret.toString()).isZero();
        Cli.Run deploy = maestro("deploy", "shop", "--profile", "dora");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        List<String> lines = deploy.out().lines().toList();
        assertThat(lines.getFirst()).matches("deployment 1 of shop/production \\(version 1\\) (queued|running)");
        assertThat(lines).anyMatch(l -> l.matches("web \\d/1 updated, \\d/1 ready"));
        assertThat(lines).anyMatch(l -> l.startsWith("step resolve environment: done (1 variable set through the API"));
        assertThat(deploy.out()).doesNotContain("s3cret");
        assertThat(lines.getLast()).startsWith("deployment 1 succeeded");

        Files.writeString(dir.resolve("service.yml"), SERVICE_YML.replace("acme/web:1.0", "acme/web:1.1"));
        assertThat(maestro("versions", "upload", "shop", "--comment", "web 1.1").exitCode()).isZero();
        Cli.Run noWait = maestro("deploy", "shop", "--no-wait", "--profile", "dora");
        assertThat(noWait.out()).isEqualTo("2\n");
        Cli.Run second = maestro("deployments", "show", "2");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("deployment 2 of shop/production, version 2\n");

        Cli.Run rollback = maestro("rollback", "shop", "--to", "1", "--profile", "dora");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out().lines().toList().getLast()).startsWith("rollback 3 succeeded");

        Cli.Run history = maestro("history", "shop");
        assertThat(history.out().lines().toList()).hasSize(4);
        assertThat(history.out().lines().toList().get(1)).contains("(rollback)");

        Cli.Run shown = maestro("deployments", "show", "1");
        assertThat(shown.out()).contains("status:    succeeded", "cluster:   mock");

        Cli.Run scale = maestro("services", "scale", "shop", "web", "+2", "--profile", "dora");
        assertThat(scale.exitCode()).as(scale.toString()).isZero();
        assertThat(scale.out()).startsWith("web in production: 1 -> 3 replicas");

        Cli.Run status = maestro("status", "shop");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("shop in production on cluster mock").contains("last deployment: 3");

        Cli.Run unlockDenied = maestro("unlock", "shop", "--env", "production", "--profile", "dora");
        assertThat(unlockDenied.exitCode()).isEqualTo(1);
        assertThat(unlockDenied.err()).startsWith("maestro: error: permission denied: this needs the role admin");
        assertThat(maestro("unlock", "shop", "--env", "production").exitCode()).isZero();

        assertThat(OnlineCommandsIT.json(maestro("history", "shop", "--output", "json")).get("deployments")).hasSize(3);
        assertThat(OnlineCommandsIT.json(maestro("status", "shop", "--output", "json")).get("cluster").asText()).isEqualTo("mock");
    }

    ClusterConnector connector() {
        io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory clients =
                new io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory(vertx);
        return new ClusterConnector() {
            @Override
            public KubernetesClient connect(String name) {
                return new KubernetesClientBuilder().withHttpClientFactory(clients)
                        .withConfig(new ConfigBuilder(cluster.client().getConfiguration()).build()).build();
            }

            @Override
            public List<String> clusterNames() {
                return List.of("mock");
            }
        };
    }

    /** Rolls out every Deployment whose status is behind its spec, as a cluster's controller would. */
    private void playController() {
        KubernetesClient kube = cluster.client();
        while (!closed) {
            try {
                Thread.sleep(40);
                for (Deployment d : kube.apps().deployments().inAnyNamespace().list().getItems()) {
                    long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
                    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
                    if (observed == null || observed < generation) {
                        new WorkloadController(kube, d.getMetadata().getNamespace()).rollOut(d.getMetadata().getName());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // changed or deleted meanwhile: the next round sees the new state
            }
        }
    }
}
