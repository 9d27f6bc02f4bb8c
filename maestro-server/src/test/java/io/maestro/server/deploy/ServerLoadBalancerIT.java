package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.server.DevelopmentCaClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster deployment (the mock API server) whose manifest places the load_balancer on a server
 * registered over SSH (a real sshd on loopback: the "remote" server is this machine reached as
 * {@code root@127.0.0.1:PORT}): the deploy installs and configures the real nginx there, in front of
 * the nodes' NodePorts.
 *
 * <p>The mock does not allocate node ports nor run pods, so the test plays both: its "Service
 * controller" writes port {@code P} as the nodePort of {@code web-lb}, and each "node" (InternalIP
 * 127.0.0.1, 127.0.0.2, 127.0.0.3: all loopback) has a small HTTP server on {@code ADDRESS:P} that
 * answers with its node's name and the forwarded headers it received.
 */
class ServerLoadBalancerIT {

    @TempDir
    static Path home;

    static TestSshd sshd;
    static DeployHarness harness;
    static PlayedNodes nodes;

    static final String APP = "srvlb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
    static final String NAMESPACE = APP + "-production";

    @BeforeAll
    static void startSshdBackendsAndControlPlane() throws IOException {
        assumeTrue(TestSshd.available(), "needs root and openssh-server");
        sshd = TestSshd.start();
        harness = new DeployHarness(home, DeployHarness.fastConfig());
        harness.registerServer("lb1", sshd);

        nodes = PlayedNodes.start(harness, NAMESPACE, Map.of("node-a", "127.0.0.1", "node-b", "127.0.0.2", "node-c", "127.0.0.3"));
    }

    @AfterAll
    static void stopEverything() {
        try {
            LoadBalancerFiles files = new LoadBalancerFiles(ServerLoadBalancer.SERVER_PREFIX + "/" + APP + "-production");
            try (LocalExecutor local = new LocalExecutor()) {
                LoadBalancerStep.stopAll(local, files);
                local.run(io.maestro.hosts.exec.Command.of("rm", "-rf", "--", files.prefix()));
            }
            if (nodes != null) {
                nodes.close();
            }
            if (harness != null) {
                harness.close();
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    @Test
    void nginxOnTheServerServesEveryNodeOverHttpsRedirectsHttpAndFollowsTheNodesOnTheNextDeploy() throws Exception {
        int http = freePort();
        int https = freePort();
        createApp(http, https);
        KubernetesClient kube = harness.kube();
        nodes.add("node-a", false);
        nodes.add("node-b", false);

        JsonNode done = harness.awaitFinished(harness.deploy(APP), Duration.ofMinutes(3));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("steps")).extracting(s -> s.get("name").asText()).endsWith("track rollout",
                "configure load balancer");
        Service lb = kube.services().inNamespace(NAMESPACE).withName("web-lb").get();
        assertThat(lb.getSpec().getType()).isEqualTo("NodePort");
        assertThat(lb.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("web-3000");
        String httpsUrl = "https://127.0.0.1:" + https + "/";
        String httpUrl = "http://127.0.0.1:" + http + "/";
        assertThat(done.toString()).contains(httpsUrl).contains("nginx on server lb1");

        // https verifies against the development CA only; both nodes answer, with the forwarded headers.
        HttpClient client = DevelopmentCaClient.trusting(home.resolve("tls/ca.pem"));
        assertThat(PlayedNodes.answering(client, httpsUrl, 40)).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(kube.network().v1().ingresses().inNamespace(NAMESPACE).withName("web").get())
                .as("no Ingress next to the load balancer on a server").isNull();
        String page = PlayedNodes.get(client, httpsUrl);
        assertThat(page).contains("forwarded proto: https").contains("forwarded for: 127.0.0.1");

        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpUrl + "x?y=1"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue(httpsUrl + "x?y=1");

        // The development leaf is kept: a redeploy serves the same certificate.
        Path leaves = home.resolve("tls/leaves");
        List<Path> kept;
        try (var files = Files.list(leaves)) {
            kept = files.toList();
        }
        assertThat(kept).hasSize(1);
        String leaf = Files.readString(kept.get(0));

        // node-b is cordoned, node-c joins: the next deploy sends traffic to a and c only.
        nodes.add("node-b", true);
        nodes.add("node-c", false);
        JsonNode again = harness.awaitFinished(harness.deploy(APP), Duration.ofMinutes(3));
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("succeeded");
        assertThat(PlayedNodes.answering(client, httpsUrl, 40)).containsExactlyInAnyOrder("node-a", "node-c");
        String conf = Files.readString(Path.of(ServerLoadBalancer.SERVER_PREFIX, APP + "-production", "nginx.conf"));
        int nodePort = nodes.nodePort();
        assertThat(conf).contains("127.0.0.1:" + nodePort).contains("127.0.0.3:" + nodePort)
                .doesNotContain("127.0.0.2:" + nodePort);
        assertThat(Files.readString(kept.get(0))).isEqualTo(leaf);
    }

    @Test
    void aLoadBalancerOnAnUnregisteredServerFailsTheStepNamingTheServerAndTheCommandToRun() throws Exception {
        String app = "nolb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
        String manifest = "production:\n  load_balancer:\n    servers:\n      - server:\n          unique_name: edge9\n";
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, Map.of("name", app,
                "serviceYml", DeployHarness.serviceYml("acme/web:1.0"), "manifestYml", manifest, "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(harness.put("/api/v1/apps/" + app + "/environments/production", harness.adminToken,
                Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20)).status()).isEqualTo(200);

        JsonNode failed = harness.awaitFinished(harness.deploy(app), Duration.ofMinutes(3));

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("detail").asText()).startsWith("step 'configure load balancer' failed:")
                .contains("server 'edge9'").contains("maestro servers add edge9");
    }

    @Test
    void theServerComesFromSameAsOrTheOnlyRegisteredServerAndExternalIsRefusedByValidation() {
        io.maestro.store.Store store = harness.server.store();
        LoadBalancerServers lb = new LoadBalancerServers(store);
        // same_as leads through a data store's server definition to lb1.
        assertThat(lb.resolve(manifest("""
                production:
                  redis:
                    servers:
                      - server:
                          unique_name: lb1
                  load_balancer:
                    servers:
                      - server:
                          same_as: lb1
                """), APP, "production")).extracting(io.maestro.store.server.Server::name).containsExactly("lb1");
        // No servers: the only registered server (lb1 here, when it is the only one).
        if (store.servers().list().size() == 1) {
            assertThat(lb.resolve(manifest("production:\n  load_balancer:\n    configuration:\n      httpchk: /healthz\n"), APP, "production"))
                    .extracting(io.maestro.store.server.Server::name).containsExactly("lb1");
        }
        // external never gets this far: validation refuses it for a load_balancer.
        assertThatThrownBy(() -> lb.resolve(manifest("""
                production:
                  load_balancer:
                    servers:
                      - server: external
                """), APP, "production"))
                .isInstanceOf(io.maestro.model.source.InvalidDefinitionException.class)
                .hasMessageContaining("external applies only to data stores");
    }

    private static io.maestro.model.manifest.EnvironmentManifest manifest(String manifestYml) {
        return io.maestro.model.DefinitionLoader.create().load(
                io.maestro.model.DefinitionLoader.Source.text("service.yml", DeployHarness.serviceYml("acme/web:1.0")),
                java.util.Optional.of(io.maestro.model.DefinitionLoader.Source.text("manifest.yml", manifestYml)), "production")
                .manifest().forEnvironment("production");
    }

    // --- the scenario's pieces ---------------------------------------------------------------------

    private static void createApp(int http, int https) {
        String serviceYml = """
                version: 2
                services:
                  web:
                    image: acme/web:1.0
                    ports: ["3000:%d:%d"]
                """.formatted(http, https);
        String manifest = "production:\n  load_balancer:\n    servers:\n      - server:\n          unique_name: lb1\n";
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, Map.of("name", APP,
                "serviceYml", serviceYml, "manifestYml", manifest, "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        DeployHarness.Response configured = harness.put("/api/v1/apps/" + APP + "/environments/production",
                harness.adminToken, Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
