package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.testing.NetworkNamespace;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.server.DevelopmentCaClient;
import io.maestro.server.hosts.ServerRegistry;
import io.maestro.store.deploy.LoadBalancerServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load balancer on two servers in front of a cluster (the mock API server), each server a real
 * host of its own: a network namespace with its own address, a real sshd, and a private
 * {@code /var/lib/maestro} (a mount namespace), so both use the same paths and ports 80/443 as two
 * machines would. The nodes are two HTTP servers on this host's side of the two links.
 *
 * <p>One scenario, in the order a user lives it: both servers serve every node over https; then
 * the manifest keeps only {@code edge1} and switches it to HAProxy, so {@code edge2} is stopped; then
 * the load_balancer is removed, so {@code edge1} is stopped too and the Ingress comes back.
 */
class MultiServerLoadBalancerIT {

    @TempDir
    static Path home;

    static NetworkNamespace net1;
    static NetworkNamespace net2;
    static TestSshd edge1;
    static TestSshd edge2;
    static DeployHarness harness;
    static PlayedNodes nodes;

    static final String APP = "multilb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
    static final String NAMESPACE = APP + "-production";
    static final String PREFIX = ServerLoadBalancer.SERVER_PREFIX + "/" + APP + "-production";

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports: ["3000:80:443"]
            """;

    @BeforeAll
    static void startTwoServersTwoNodesAndTheControlPlane() throws Exception {
        assumeTrue(TestSshd.available() && NetworkNamespace.available(), "needs root, iproute2 and openssh-server");
        net1 = NetworkNamespace.create();
        net2 = NetworkNamespace.create();
        edge1 = TestSshd.startIn(net1, List.of(Path.of("/var/lib/maestro")));
        edge2 = TestSshd.startIn(net2, List.of(Path.of("/var/lib/maestro")));
        harness = new DeployHarness(home, DeployHarness.fastConfig());
        harness.registerServer("edge1", edge1);
        harness.registerServer("edge2", edge2);
        // Each node on this host's end of one link: both servers reach both (their default route is this host).
        nodes = PlayedNodes.start(harness, NAMESPACE, Map.of("node-a", net1.hostAddress(), "node-b", net2.hostAddress()));
        nodes.add("node-a", false);
        nodes.add("node-b", false);
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (harness != null) {
                for (String server : List.of("edge1", "edge2")) {
                    try (HostExecutor host = executor(server)) {
                        LoadBalancerStep.stopAll(host, new io.maestro.plan.lb.LoadBalancerFiles(PREFIX));
                    } catch (RuntimeException e) {
                        // already stopped; closing the namespace below ends whatever is left
                    }
                }
            }
        } finally {
            for (AutoCloseable closeable : new AutoCloseable[] {nodes, harness, edge1, edge2, net1, net2}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    void bothServersServeEveryNodeThenADroppedServerAndARemovedLoadBalancerAreStopped() throws Exception {
        String https1 = "https://" + net1.peerAddress() + "/";
        String https2 = "https://" + net2.peerAddress() + "/";
        createApp(manifest("nginx", "edge1", "edge2"));

        JsonNode first = harness.awaitFinished(harness.deploy(APP), Duration.ofMinutes(4));

        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        String note = step(first, "configure load balancer");
        assertThat(note).contains("nginx on servers edge1, edge2").contains(https1).contains(https2).contains("-> 2 nodes");
        // One development leaf, valid on both servers' addresses; every node behind each server.
        HttpClient client = DevelopmentCaClient.trusting(home.resolve("tls/ca.pem"));
        assertThat(PlayedNodes.answering(client, https1, 30)).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(PlayedNodes.answering(client, https2, 30)).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(PlayedNodes.get(client, https2)).contains("forwarded proto: https")
                .contains("forwarded for: " + net2.hostAddress());
        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + net1.peerAddress() + "/a?b=1")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue(https1 + "a?b=1");
        assertThat(harness.server.store().loadBalancerServers().list(APP, "production"))
                .extracting(LoadBalancerServer::server).containsExactly("edge1", "edge2");
        KubernetesClient kube = harness.kube();
        assertThat(kube.network().v1().ingresses().inNamespace(NAMESPACE).withName("web").get()).isNull();

        // edge2 leaves the manifest and edge1 moves to HAProxy.
        uploadVersion(manifest("haproxy", "edge1"));
        JsonNode second = harness.awaitFinished(harness.deploy(APP), Duration.ofMinutes(4));

        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(step(second, "configure load balancer")).contains("haproxy on server edge1").contains("stopped on edge2");
        assertThat(PlayedNodes.answering(client, https1, 30)).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(engineOn("edge1")).isEqualTo("haproxy");
        assertRefused(net2.peerAddress(), 443);
        assertThat(harness.server.store().loadBalancerServers().list(APP, "production"))
                .extracting(LoadBalancerServer::server).containsExactly("edge1");

        // No load_balancer any more: edge1 is stopped too, and the cluster's Ingress is the way in again.
        uploadVersion("");
        JsonNode third = harness.awaitFinished(harness.deploy(APP), Duration.ofMinutes(4));

        assertThat(third.get("status").asText()).as(third.toString()).isEqualTo("succeeded");
        assertThat(step(third, "configure load balancer")).isEqualTo("no load_balancer in the manifest: stopped on edge1");
        assertRefused(net1.peerAddress(), 443);
        assertThat(harness.server.store().loadBalancerServers().list(APP, "production")).isEmpty();
        assertThat(kube.network().v1().ingresses().inNamespace(NAMESPACE).withName("web").get()).isNotNull();
        assertThat(kube.services().inNamespace(NAMESPACE).withName("web-lb").get()).isNull();
    }

    @Test
    void aServerThatCannotBeReachedFailsTheStepNamingItWhileTheOtherServerTakesTheConfiguration() throws Exception {
        String app = "halflb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
        // A third server, registered while it runs, then down (its sshd stopped) when the deploy comes.
        try (NetworkNamespace net3 = NetworkNamespace.create()) {
            try (TestSshd edge3 = TestSshd.startIn(net3, List.of(Path.of("/var/lib/maestro")))) {
                harness.registerServer("edge3", edge3);
            }
            // Another port than the other scenario's, so both apps' proxies could run on edge2 at once.
            String serviceYml = SERVICE_YML.replace("3000:80:443", "3000:8080:8443");
            DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, Map.of("name", app,
                    "serviceYml", serviceYml, "manifestYml", manifest("nginx", "edge2", "edge3"), "comment", "v1"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(harness.put("/api/v1/apps/" + app + "/environments/production", harness.adminToken,
                    Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20)).status()).isEqualTo(200);

            try (PlayedNodes own = PlayedNodes.start(harness, app + "-production",
                    Map.of("node-a", net1.hostAddress(), "node-b", net2.hostAddress()))) {
                JsonNode failed = harness.awaitFinished(harness.deploy(app), Duration.ofMinutes(4));

                assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
                assertThat(failed.get("detail").asText()).startsWith("step 'configure load balancer' failed:")
                        .contains("load balancer on server 'edge3' (root@" + net3.peerAddress() + ":22)")
                        .contains("the load balancer on server edge2 serves the new configuration");
                HttpClient client = DevelopmentCaClient.trusting(home.resolve("tls/ca.pem"));
                assertThat(PlayedNodes.answering(client, "https://" + net2.peerAddress() + ":8443/", 20))
                        .containsExactlyInAnyOrder("node-a", "node-b");
                // Both stay recorded: the next deploy configures edge3 again (or stops it, if the manifest drops it).
                assertThat(harness.server.store().loadBalancerServers().list(app, "production"))
                        .extracting(LoadBalancerServer::server).containsExactly("edge2", "edge3");
            } finally {
                try (HostExecutor host = executor("edge2")) {
                    LoadBalancerStep.stopAll(host, new io.maestro.plan.lb.LoadBalancerFiles(
                            ServerLoadBalancer.SERVER_PREFIX + "/" + app + "-production"));
                }
            }
        }
    }

    // --- the scenario's pieces ---------------------------------------------------------------------

    private static String manifest(String engine, String... servers) {
        StringBuilder yml = new StringBuilder("production:\n  load_balancer:\n    configuration:\n      engine: " + engine
                + "\n    servers:\n");
        for (String server : servers) {
            yml.append("      - server:\n          unique_name: ").append(server).append('\n');
        }
        return yml.toString();
    }

    private static void createApp(String manifestYml) {
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, Map.of("name", APP,
                "serviceYml", SERVICE_YML, "manifestYml", manifestYml, "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        DeployHarness.Response configured = harness.put("/api/v1/apps/" + APP + "/environments/production",
                harness.adminToken, Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    }

    private static void uploadVersion(String manifestYml) {
        DeployHarness.Response added = harness.post("/api/v1/apps/" + APP + "/versions", harness.adminToken,
                Map.of("serviceYml", SERVICE_YML, "manifestYml", manifestYml, "comment", "load balancer change"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    private static String step(JsonNode deployment, String name) {
        for (JsonNode step : deployment.get("steps")) {
            if (step.get("name").asText().equals(name)) {
                return step.path("detail").asText();
            }
        }
        throw new AssertionError("no step " + name + " in " + deployment);
    }

    private static HostExecutor executor(String server) {
        return new ServerRegistry(harness.server.store(), DeployHarness.JSON, Clock.systemUTC()).executor(server);
    }

    /** The engine the server's prefix was last written for, read on that server (its /var/lib/maestro is its own). */
    private static String engineOn(String server) {
        try (HostExecutor host = executor(server)) {
            return new String(host.readFile(PREFIX + "/engine").orElseThrow(), StandardCharsets.US_ASCII).strip();
        }
    }

    private static void assertRefused(String address, int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 3000);
            }
        }).as(address + ":" + port + " no longer listens").isInstanceOf(ConnectException.class);
    }
}
