package io.maestro.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.WorkloadController;
import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.store.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A control plane on a free port (SQLite in a temp home) deploying to an in-process mock API
 * server, and a background thread playing the Deployment controller: it rolls out every
 * Deployment whose status is behind its spec, except images containing {@code broken}, whose
 * rollout it fails (ProgressDeadlineExceeded and a crash-looping pod), as a real cluster would.
 */
final class DeployHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLUSTER = "mock";
    private static final Pattern ADMIN_LINE = Pattern.compile("(?m)^admin token: (\\S+)$");

    final MockCluster cluster;
    final Path home;
    MaestroServer server;
    String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();
    // One Vert.x for every client the connector opens (a Vert.x per client costs threads and time);
    // closing a client built on a given Vert.x leaves it running.
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private final io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory httpClients =
            new io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory(vertx);
    private final Thread controllerThread;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    volatile boolean controllerPaused;
    private volatile boolean closed;

    DeployHarness(Path home, DeployConfig config) {
        this(home, config, MockCluster.start(Duration.ofSeconds(3)));
    }

    DeployHarness(Path home, DeployConfig config, MockCluster cluster) {
        this.home = home;
        this.cluster = cluster;
        start(config);
        controllerThread = Thread.ofPlatform().daemon().name("test-deployment-controller").start(this::playController);
    }

    static DeployConfig fastConfig() {
        return DeployConfig.defaults().withLeaseTime(Duration.ofSeconds(3)).withPollInterval(Duration.ofMillis(200))
                .withDriftInterval(Duration.ZERO);
    }

    /** Starts (again) the control plane over the same home. */
    void start(DeployConfig config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server = MaestroServer.start(new ServerConfig(0, home, null), new PrintStream(out, true, StandardCharsets.UTF_8),
                connector(), config);
        Matcher m = ADMIN_LINE.matcher(out.toString(StandardCharsets.UTF_8));
        if (m.find()) {
            adminToken = m.group(1);
        }
    }

    /** Opens a new client to the mock for each call, as the registry does for a real cluster. */
    ClusterConnector connector() {
        return new ClusterConnector() {
            @Override
            public KubernetesClient connect(String name) {
                if (!CLUSTER.equals(name)) {
                    throw new io.maestro.store.db.NotFoundException("no cluster named " + name);
                }
                return new KubernetesClientBuilder().withHttpClientFactory(httpClients)
                        .withConfig(new ConfigBuilder(cluster.client().getConfiguration()).build()).build();
            }

            @Override
            public List<String> clusterNames() {
                return List.of(CLUSTER);
            }
        };
    }

    KubernetesClient kube() {
        return cluster.client();
    }

    String tokenFor(String user, Role role) {
        server.store().users().create(user, role);
        return server.store().tokens().issue(user).value();
    }

    // --- the Deployment controller ------------------------------------------------------------

    private void playController() {
        while (!closed) {
            try {
                Thread.sleep(40);
                if (controllerPaused) {
                    continue;
                }
                for (Deployment d : kube().apps().deployments().inAnyNamespace().list().getItems()) {
                    reconcile(d);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a deployment deleted or changed meanwhile: the next round sees the new state
            }
        }
    }

    private void reconcile(Deployment d) {
        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
        if (observed != null && observed >= generation) {
            return;
        }
        String namespace = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        WorkloadController controller = new WorkloadController(kube(), namespace);
        String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (image.contains("broken")) {
            if (failedOnce.add(namespace + "/" + name + "/" + generation)) {
                controller.crashingPod(name, name + "-7c9d-x2x" + generation);
            }
            controller.exceedProgressDeadline(name, generation);
        } else {
            controller.rollOut(name);
        }
    }

    // --- HTTP ---------------------------------------------------------------------------------

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("expected JSON, got: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, write(body));
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, write(body));
    }

    private static String write(Object body) {
        try {
            return body == null ? "" : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One server-sent event. */
    record Event(String type, JsonNode data) {}

    /** Reads the event stream of a deployment until the server ends it (after {@code done}). */
    List<Event> events(long id, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/deployments/" + id + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError("events: expected 200, got " + response.statusCode());
            }
            List<Event> events = new ArrayList<>();
            String type = null;
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    events.add(new Event(type, JSON.readTree(line.substring(5).strip())));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    // --- scenario helpers ---------------------------------------------------------------------

    static String serviceYml(String webImage) {
        return """
                version: 2
                services:
                  web:
                    image: %s
                    ports: ["3000:80:443"]
                    env_vars:
                      SECRET_KEY_BASE: AUTO_GENERATE
                    constraints:
                      min_count: 1
                      max_count: 3
                  worker:
                    image: acme/worker:1.0
                    command: bundle exec sidekiq
                """.formatted(webImage);
    }

    /** Creates the application with the web image, pointed at the mock cluster with the given settings. */
    void createApp(String app, String webImage, Map<String, Object> settings) {
        Response created = post("/api/v1/apps", adminToken, Map.of("name", app, "serviceYml", serviceYml(webImage), "comment", "v1"));
        if (created.status() != 201) {
            throw new AssertionError("create " + app + ": " + created);
        }
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.putIfAbsent("cluster", CLUSTER);
        body.putIfAbsent("rolloutTimeoutSeconds", 20);
        Response configured = put("/api/v1/apps/" + app + "/environments/production", adminToken, body);
        if (configured.status() != 200) {
            throw new AssertionError("settings " + app + ": " + configured);
        }
    }

    void uploadVersion(String app, String webImage) {
        Response added = post("/api/v1/apps/" + app + "/versions", adminToken,
                Map.of("serviceYml", serviceYml(webImage), "comment", "image " + webImage));
        if (added.status() != 201) {
            throw new AssertionError("upload " + app + ": " + added);
        }
    }

    /** Registers the test sshd as server {@code name} through the API (the registration connects and records its host key). */
    void registerServer(String name, io.maestro.hosts.testing.TestSshd sshd) {
        Map<String, Object> server = new java.util.LinkedHashMap<>();
        server.put("name", name);
        server.put("ssh", sshd.address());
        server.put("privateKey", sshd.clientKey());
        server.put("knownHosts", sshd.knownHostsLine());
        Response added = post("/api/v1/servers", adminToken, server);
        if (added.status() != 201) {
            throw new AssertionError("register server " + name + ": " + added);
        }
    }

    long deploy(String app) {
        Response queued = post("/api/v1/apps/" + app + "/deployments", adminToken, Map.of("environment", "production"));
        if (queued.status() != 202) {
            throw new AssertionError("deploy " + app + ": " + queued);
        }
        return queued.json().get("id").asLong();
    }

    /** Waits until the deployment finished; returns its JSON (with steps and log). */
    JsonNode awaitFinished(long id) {
        return awaitFinished(id, Duration.ofSeconds(60));
    }

    /** As {@link #awaitFinished(long)}, for deployments that install software over SSH on a busy machine. */
    JsonNode awaitFinished(long id, Duration timeout) {
        await("deployment " + id + " finishes", timeout, () -> {
            String status = get("/api/v1/deployments/" + id, adminToken).json().get("status").asText();
            return status.equals("succeeded") || status.equals("failed");
        }, () -> get("/api/v1/deployments/" + id, adminToken).body());
        return get("/api/v1/deployments/" + id, adminToken).json();
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(60), condition, () -> "");
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String seen = state.get();
                throw new AssertionError("timed out waiting until " + what + (seen.isEmpty() ? "" : ": " + seen));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Deployment liveDeployment(String app, String name) {
        return kube().apps().deployments().inNamespace(app + "-production").withName(name).get();
    }

    void stopServer() {
        server.close();
    }

    @Override
    public void close() {
        closed = true;
        controllerThread.interrupt();
        try {
            server.close();
        } finally {
            cluster.close();
            vertx.close();
        }
    }
}
