package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.server.DevelopmentCaClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final List<HttpServer> backends = new ArrayList<>();
    static int nodePort;
    static volatile boolean playing = true;
    static Thread serviceController;

    static final String APP = "srvlb" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
    static final String NAMESPACE = APP + "-production";

    @BeforeAll
    static void startSshdBackendsAndControlPlane() throws IOException {
        assumeTrue(TestSshd.available(), "needs root and openssh-server");
        sshd = TestSshd.start();
        harness = new DeployHarness(home, DeployHarness.fastConfig());
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", "lb1");
        server.put("ssh", sshd.address());
        server.put("privateKey", sshd.clientKey());
        server.put("knownHosts", sshd.knownHostsLine());
        DeployHarness.Response added = harness.post("/api/v1/servers", harness.adminToken, server);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);

        nodePort = portFreeOnAllNodes();
        for (String node : List.of("node-a", "node-b", "node-c")) {
            backends.add(backend(node, address(node), nodePort));
        }
        serviceController = Thread.ofPlatform().daemon().name("test-service-controller").start(
                ServerLoadBalancerIT::allocateNodePorts);
    }

    @AfterAll
    static void stopEverything() {
        playing = false;
        try {
            LoadBalancerFiles files = new LoadBalancerFiles(ServerLoadBalancer.SERVER_PREFIX + "/" + APP + "-production");
            try (LocalExecutor local = new LocalExecutor()) {
                LoadBalancerStep.stopAll(local, files);
                local.run(io.maestro.hosts.exec.Command.of("rm", "-rf", "--", files.prefix()));
            }
            backends.forEach(b -> b.stop(0));
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
        addNode(kube, "node-a", false);
        addNode(kube, "node-b", false);

        JsonNode done = awaitFinished(harness.deploy(APP));

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
        Set<String> nodes = nodesAnswering(client, httpsUrl, 40);
        assertThat(nodes).containsExactlyInAnyOrder("node-a", "node-b");
        String page = get(client, httpsUrl);
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
        addNode(kube, "node-b", true);
        addNode(kube, "node-c", false);
        JsonNode again = awaitFinished(harness.deploy(APP));
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("succeeded");
        assertThat(nodesAnswering(client, httpsUrl, 40)).containsExactlyInAnyOrder("node-a", "node-c");
        String conf = Files.readString(Path.of(ServerLoadBalancer.SERVER_PREFIX, APP + "-production", "nginx.conf"));
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

        JsonNode failed = awaitFinished(harness.deploy(app));

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("detail").asText()).startsWith("step 'configure load balancer' failed:")
                .contains("server 'edge9'").contains("maestro servers add edge9");
    }

    @Test
    void theServerComesFromSameAsOrTheOnlyRegisteredServerAndExternalIsRefusedByValidation() {
        io.maestro.store.Store store = harness.server.store();
        ServerLoadBalancer lb = new ServerLoadBalancer(store, null);
        // same_as leads through a data store's server definition to lb1.
        assertThat(lb.server(manifest("""
                production:
                  redis:
                    servers:
                      - server:
                          unique_name: lb1
                  load_balancer:
                    servers:
                      - server:
                          same_as: lb1
                """), APP, "production").name()).isEqualTo("lb1");
        // No servers: the only registered server (lb1 here, when it is the only one).
        if (store.servers().list().size() == 1) {
            assertThat(lb.server(manifest("production:\n  load_balancer:\n    configuration:\n      httpchk: /healthz\n"), APP, "production").name()).isEqualTo("lb1");
        }
        // external never gets this far: validation refuses it for a load_balancer.
        assertThatThrownBy(() -> lb.server(manifest("""
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

    /** Like the harness's, with room for installing nginx over SSH on a busy machine; shows the deployment when it hangs. */
    private static JsonNode awaitFinished(long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode deployment = null;
        while (System.nanoTime() < deadline) {
            deployment = harness.get("/api/v1/deployments/" + id, harness.adminToken).json();
            String status = deployment.get("status").asText();
            if (status.equals("succeeded") || status.equals("failed")) {
                return deployment;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish in 3 minutes: " + deployment);
    }

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

    private static String address(String node) {
        return "127.0.0." + (node.charAt(node.length() - 1) - 'a' + 1);
    }

    private static void addNode(KubernetesClient kube, String name, boolean cordoned) {
        Node node = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? Boolean.TRUE : null).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(address(name)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus()
                .build();
        if (kube.nodes().withName(name).get() == null) {
            kube.nodes().resource(node).create();
        } else {
            kube.nodes().withName(name).edit(live -> {
                live.getSpec().setUnschedulable(cordoned ? Boolean.TRUE : null);
                return live;
            });
        }
    }

    /** Plays the part of the API server that allocates node ports: every port of {@code web-lb} gets {@link #nodePort}. */
    private static void allocateNodePorts() {
        while (playing) {
            try {
                Thread.sleep(40);
                KubernetesClient kube = harness.kube();
                Service service = kube.services().inNamespace(NAMESPACE).withName("web-lb").get();
                if (service != null && service.getSpec().getPorts().stream().anyMatch(p -> p.getNodePort() == null)) {
                    service.getSpec().getPorts().forEach(p -> p.setNodePort(nodePort));
                    kube.services().inNamespace(NAMESPACE).resource(service).update();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // changed meanwhile (a deploy applying it): the next round sees the new state
            }
        }
    }

    private static HttpServer backend(String node, String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 16);
        server.createContext("/", exchange -> {
            String body = "node: " + node + "\nforwarded proto: " + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                    + "\nforwarded for: " + exchange.getRequestHeaders().getFirst("X-Forwarded-For") + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A port free on 127.0.0.1, .2 and .3 (the three "nodes"). */
    private static int portFreeOnAllNodes() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePort();
            boolean free = true;
            for (String node : List.of("node-b", "node-c")) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address(node)))) {
                    // free there too
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on 127.0.0.1-3 after 20 attempts");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static Set<String> nodesAnswering(HttpClient client, String url, int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            String page = get(client, url);
            nodes.add(page.lines().filter(l -> l.startsWith("node: ")).findFirst().orElseThrow().substring(6));
        }
        return nodes;
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
