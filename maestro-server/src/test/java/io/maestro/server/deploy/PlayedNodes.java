package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a cluster that the mock API server does not play, for tests of the load balancer on
 * servers: Node objects with an InternalIP, a "Service controller" that gives every port of the
 * namespace's {@code *-lb} NodePort Services the same node port, and on each node's address a
 * small HTTP server on that port that answers with the node's name and the forwarded headers it
 * received ({@code node: node-a}, {@code forwarded proto: https}, {@code forwarded for: ...}).
 *
 * <pre>{@code
 * try (PlayedNodes nodes = PlayedNodes.start(harness, "shop-production", Map.of("node-a", "127.0.0.1"))) {
 *     nodes.add("node-a", false);
 *     Set<String> seen = PlayedNodes.answering(client, "https://127.0.0.1:8443/", 40);
 * }
 * }</pre>
 */
final class PlayedNodes implements AutoCloseable {

    private final DeployHarness harness;
    private final String namespace;
    private final Map<String, String> addresses;
    private final int nodePort;
    private final List<HttpServer> backends = new ArrayList<>();
    private final Thread controller;
    private volatile boolean playing = true;

    private PlayedNodes(DeployHarness harness, String namespace, Map<String, String> addresses, int nodePort) {
        this.harness = harness;
        this.namespace = namespace;
        this.addresses = Map.copyOf(addresses);
        this.nodePort = nodePort;
        this.controller = Thread.ofPlatform().daemon().name("test-service-controller").unstarted(this::allocateNodePorts);
    }

    /** Starts a backend for every node (name → InternalIP) on a port free on all their addresses, and the controller. */
    static PlayedNodes start(DeployHarness harness, String namespace, Map<String, String> addresses) throws IOException {
        PlayedNodes nodes = new PlayedNodes(harness, namespace, addresses, portFreeOn(addresses.values()));
        try {
            for (Map.Entry<String, String> node : addresses.entrySet()) {
                nodes.backends.add(backend(node.getKey(), node.getValue(), nodes.nodePort));
            }
            nodes.controller.start();
            return nodes;
        } catch (IOException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    /** The node port every {@code *-lb} Service port gets, and every node's backend listens on. */
    int nodePort() {
        return nodePort;
    }

    /** Creates the Node (or changes whether it is cordoned). */
    void add(String name, boolean cordoned) {
        KubernetesClient kube = harness.kube();
        Node node = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? Boolean.TRUE : null).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(addresses.get(name)).endAddress()
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

    /** The nodes that answered {@code requests} GETs of {@code url}. */
    static Set<String> answering(HttpClient client, String url, int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            String page = get(client, url);
            nodes.add(page.lines().filter(l -> l.startsWith("node: ")).findFirst().orElseThrow().substring(6));
        }
        return nodes;
    }

    /** The body of a GET that must answer 200. */
    static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Override
    public void close() {
        playing = false;
        controller.interrupt();
        backends.forEach(b -> b.stop(0));
    }

    /** Plays the part of the API server that allocates node ports. */
    private void allocateNodePorts() {
        while (playing) {
            try {
                Thread.sleep(40);
                for (Service service : harness.kube().services().inNamespace(namespace).list().getItems()) {
                    if (service.getMetadata().getName().endsWith("-lb")
                            && service.getSpec().getPorts().stream().anyMatch(p -> p.getNodePort() == null)) {
                        service.getSpec().getPorts().forEach(p -> p.setNodePort(nodePort));
                        harness.kube().services().inNamespace(namespace).resource(service).update();
                    }
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

    private static int portFreeOn(Iterable<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = socket.getLocalPort();
            }
            boolean free = true;
            for (String address : addresses) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address))) {
                    // free there too
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on " + addresses + " after 20 attempts");
    }
}
