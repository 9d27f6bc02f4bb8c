package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.model.AppDefinition;
import io.maestro.store.Store;
import io.maestro.store.deploy.HostComponent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster deployment (the mock API server) whose PostgreSQL the manifest places on a server
 * registered over SSH (a real sshd on loopback, so the "remote" server is this machine reached as
 * {@code root@127.0.0.1:PORT}): the deploy provisions it there through SSH, the EndpointSlice points
 * at the server's address and port, the containers get the connection variables, and the password
 * exists only in the data store's Secret. A port already taken on the server fails the deployment
 * at that step and registers nothing.
 */
class ClusterPlacementIT {

    @TempDir
    static Path home;

    static TestSshd sshd;
    static DeployHarness harness;

    @BeforeAll
    static void startSshdAndControlPlane() {
        assumeTrue(TestSshd.available(), "needs root and openssh-server");
        sshd = TestSshd.start();
        harness = new DeployHarness(home, DeployHarness.fastConfig());
        harness.registerServer("db1", sshd);
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (harness != null) {
                Store store = harness.server.store();
                for (String app : List.of(PLACED_APP)) {
                    for (HostComponent component : store.hostComponents().list(app, "production")) {
                        new HostComponents(store, null).deprovision(component, true);
                    }
                }
                harness.close();
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    static final String PLACED_APP = "placed" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);

    @Test
    void aClusterDeployProvisionsPostgresqlOnTheRegisteredServerAndPointsTheClusterAtIt() throws Exception {
        int port = 5432;   // the engine's default: the manifest cannot set PostgreSQL's port
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(probe.getLocalPort()).as("PostgreSQL's default port is free on this machine").isEqualTo(port);
        }
        createApp(PLACED_APP, "postgresql", null);

        JsonNode done = awaitFinished(harness.deploy(PLACED_APP));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("steps")).extracting(s -> s.get("name").asText()).containsExactly("load version 1",
                "provision host components", "resolve environment", "render", "apply", "prune", "track rollout");
        Store store = harness.server.store();
        HostComponent recorded = store.hostComponents().find(PLACED_APP, "production", "postgresql", "default").orElseThrow();
        assertThat(recorded.server()).isEqualTo("db1");
        assertThat(recorded.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(recorded.port()).isEqualTo(port);
        String password = store.secrets().get(HostComponents.secretName(PLACED_APP, "production",
                io.maestro.model.service.DatabaseKind.POSTGRESQL, "default")).orElseThrow();

        String namespace = PLACED_APP + "-production";
        KubernetesClient kube = harness.kube();   // the harness's own: not closed here
        {
            EndpointSlice slice = kube.resources(EndpointSlice.class).inNamespace(namespace).withName("postgresql").get();
            assertThat(slice.getEndpoints()).hasSize(1);
            assertThat(slice.getEndpoints().get(0).getAddresses()).containsExactly("127.0.0.1");
            assertThat(slice.getPorts().get(0).getPort()).isEqualTo(port);

            Secret secret = kube.secrets().inNamespace(namespace).withName("datastore-postgresql").get();
            assertThat(decode(secret.getData().get("password"))).isEqualTo(password);
            String user = decode(secret.getData().get("username"));
            String database = decode(secret.getData().get("database"));
            assertThat(database).isEqualTo(PLACED_APP + "_production");

            List<EnvVar> env = kube.apps().deployments().inNamespace(namespace).withName("web").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(env).filteredOn(e -> e.getName().equals("POSTGRESQL_ADDRESS")).singleElement()
                    .extracting(EnvVar::getValue).isEqualTo("postgresql");
            assertThat(env).filteredOn(e -> e.getName().equals("POSTGRESQL_PORT")).singleElement()
                    .extracting(EnvVar::getValue).isEqualTo(Integer.toString(port));
            assertThat(env).filteredOn(e -> e.getName().equals("POSTGRESQL_PASSWORD")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getValue()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("datastore-postgresql");
                    });
            for (ConfigMap map : kube.configMaps().inNamespace(namespace).list().getItems()) {
                assertThat(String.valueOf(map.getData())).doesNotContain(password);
            }
            for (var deployment : kube.apps().deployments().inNamespace(namespace).list().getItems()) {
                assertThat(deployment.toString()).doesNotContain(password);
            }

            // The credentials in the Secret open the database on the server, at the slice's address.
            try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
                    ResultSet result = connection.createStatement().executeQuery("SELECT current_database()")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo(database);
            }
        }
        assertThat(done.toString()).doesNotContain(password);

        // A second deploy reuses the instance: same port, same password.
        JsonNode again = awaitFinished(harness.deploy(PLACED_APP));
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("succeeded");
        assertThat(store.secrets().get(HostComponents.secretName(PLACED_APP, "production",
                io.maestro.model.service.DatabaseKind.POSTGRESQL, "default"))).contains(password);
    }

    @Test
    void aPortAlreadyTakenOnTheServerFailsTheDeploymentAndRegistersNothing() throws Exception {
        String app = "taken" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            createApp(app, "memcached", taken.getLocalPort());

            JsonNode failed = awaitFinished(harness.deploy(app));

            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.get("detail").asText()).startsWith("step 'provision host components' failed:")
                    .contains("memcached").contains(Integer.toString(taken.getLocalPort()));
            assertThat(failed.get("steps")).extracting(s -> s.get("name").asText() + ":" + s.get("status").asText())
                    .containsExactly("load version 1:done", "provision host components:failed");
        }
        Store store = harness.server.store();
        assertThat(store.hostComponents().list(app, "production")).isEmpty();
        {
            KubernetesClient kube = harness.kube();
            assertThat(kube.namespaces().withName(app + "-production").get()).isNull();
        }
    }

    @Test
    void aServerTheManifestNamesButNobodyRegisteredFailsWithTheHintAndRecordsNothing() {
        String app = createApp("missing", "memcached", null, "nowhere");
        assertThatThrownBy(() -> provision(app, new HostComponents(harness.server.store(), null)))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("memcached (group default) is placed on server 'nowhere'")
                .hasMessageContaining("maestro servers add nowhere --ssh USER@HOST[:PORT] --key FILE");
        assertThat(harness.server.store().hostComponents().list(app, "production")).isEmpty();
    }

    @Test
    void aPackageThatCannotBeInstalledFailsNamingItAndRecordsNothing() {
        String app = createApp("noapt", "memcached", null, "db1");
        HostComponents components = new HostComponents(harness.server.store(), null, name -> new FaultyHost(true));
        assertThatThrownBy(() -> provision(app, components))
                .isInstanceOf(io.maestro.hosts.component.ComponentInstallException.class)
                .hasMessageContaining("cannot install memcached on faulty")
                .hasMessageContaining("exited 100")
                .hasMessageContaining("Unable to locate package memcached");
        assertThat(harness.server.store().hostComponents().list(app, "production")).isEmpty();
    }

    @Test
    void aStoreThatCannotStartFailsWithItsLogTailAndRecordsNothing() {
        Store store = harness.server.store();
        addGhost(store);
        String app = createApp("nostart", "memcached", null, "ghost");
        HostComponents components = new HostComponents(store, null, name -> new io.maestro.hosts.exec.LocalExecutor());
        assertThatThrownBy(() -> provision(app, components))
                .isInstanceOf(io.maestro.hosts.component.ComponentStartException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("Cannot assign requested address");
        assertThat(store.hostComponents().list(app, "production")).isEmpty();
        assertThat(store.secrets().get(HostComponents.secretName(app, "production",
                io.maestro.model.service.DatabaseKind.MEMCACHED, "default"))).isEmpty();
    }

    @Test
    void aComponentTheManifestMovesToAnotherServerIsRefusedAndKeepsItsRecord() {
        Store store = harness.server.store();
        String app = createApp("moved", "memcached", null, "db1");
        store.hostComponents().record(app, "production", "memcached", "default", app + "-production", "10.0.0.9", 11211, "old-db");
        assertThatThrownBy(() -> provision(app, new HostComponents(store, null)))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("memcached (group default) lives on server 'old-db'")
                .hasMessageContaining("now places it on server 'db1'")
                .hasMessageContaining("Maestro does not move data");
        assertThat(store.hostComponents().find(app, "production", "memcached", "default")).get()
                .extracting(HostComponent::server, HostComponent::bindAddress).containsExactly("old-db", "10.0.0.9");
    }

    @Test
    void anUnplacedStoreGoesToTheEnvironmentsServerSettingWhichMustBeRegistered() throws Exception {
        Store store = harness.server.store();
        addGhost(store);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        String app = createApp("unplaced", "memcached", port, null);
        assertThatThrownBy(() -> provision(app, new HostComponents(store, null)))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("has no server in the manifest and 2 servers are registered (db1, ghost)")
                .hasMessageContaining("{\"server\": NAME}");

        DeployHarness.Response unknown = harness.put("/api/v1/apps/" + app + "/environments/production", harness.adminToken,
                Map.of("server", "nope"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(409);
        assertThat(unknown.json().get("message").asText()).contains("server 'nope' is not registered (registered: db1, ghost)");
        DeployHarness.Response set = harness.put("/api/v1/apps/" + app + "/environments/production", harness.adminToken,
                Map.of("server", "db1"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(harness.get("/api/v1/apps/" + app + "/environments/production", harness.adminToken).json()
                .get("server").asText()).isEqualTo("db1");

        HostComponents components = new HostComponents(store, null, name -> new io.maestro.hosts.exec.LocalExecutor());
        List<HostComponents.Placed> placed = provision(app, components);
        try {
            assertThat(placed).singleElement().satisfies(p -> {
                assertThat(p.server()).isEqualTo("db1");
                assertThat(p.connection().address()).isEqualTo("127.0.0.1");
                assertThat(p.variables()).containsEntry("MEMCACHED_ADDRESS", "127.0.0.1")
                        .containsEntry("MEMCACHED_PORT", Integer.toString(p.connection().port()));
            });
        } finally {
            store.hostComponents().list(app, "production").forEach(c -> components.deprovision(c, true));
        }
    }

    /**
     * A server whose SSH address is nowhere on this machine (192.0.2.1, TEST-NET-1), stored directly;
     * the tests open this host in its place, so a store placed there cannot bind and does not start.
     */
    private static synchronized void addGhost(Store store) {
        if (store.servers().find("ghost").isEmpty()) {
            store.servers().add(io.maestro.store.server.NewServer.ssh("ghost", "root", "192.0.2.1", 22, "not a key",
                    "192.0.2.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                    "{}", java.time.Instant.now(), "test"));
        }
    }

    private static List<HostComponents.Placed> provision(String app, HostComponents components) {
        AppDefinition definition = DesiredState.load(harness.server.store(), app, 1, "production");
        return components.provision(definition, app, "production", false, line -> { }, new java.util.ArrayList<>());
    }

    /** A host whose package manager cannot find anything (and where nothing is installed yet). */
    private record FaultyHost(boolean nothingInstalled) implements io.maestro.hosts.exec.HostExecutor {
        @Override
        public String host() {
            return "faulty";
        }

        @Override
        public io.maestro.hosts.exec.ExecResult run(io.maestro.hosts.exec.Command command) {
            List<String> argv = command.argv();
            if (argv.get(0).equals("apt-get")) {
                return new io.maestro.hosts.exec.ExecResult("faulty", command, 100, "Reading package lists...",
                        "E: Unable to locate package memcached", java.time.Duration.ZERO);
            }
            if (argv.get(0).equals("test") && nothingInstalled) {
                return new io.maestro.hosts.exec.ExecResult("faulty", command, 1, "", "", java.time.Duration.ZERO);
            }
            return new io.maestro.hosts.exec.LocalExecutor().run(command);
        }

        @Override
        public void writeFile(String path, byte[] content, int mode) {
            // nothing is written on this host: apt fails before any file matters
        }

        @Override
        public java.util.Optional<byte[]> readFile(String path) {
            return java.util.Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    private static void createApp(String app, String kind, Integer port) {
        createApp(app, kind, port, "db1", true);
    }

    /** An application named {@code prefix} + a random suffix whose store is on {@code server} (none: unplaced). */
    private static String createApp(String prefix, String kind, Integer port, String server) {
        String app = prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20), 36);
        createApp(app, kind, port, server, true);
        return app;
    }

    private static void createApp(String app, String kind, Integer port, String server, boolean unused) {
        String manifest = "production:\n  " + kind + ":\n"
                + (port == null ? "" : "    configuration:\n      port: " + port + "\n")
                + (server == null ? "" : "    servers:\n      - server:\n          unique_name: " + server + "\n");
        Map<String, Object> body = Map.of("name", app, "serviceYml", DeployHarness.serviceYml("acme/web:1.0"),
                "manifestYml", manifest, "comment", "v1");
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        DeployHarness.Response configured = harness.put("/api/v1/apps/" + app + "/environments/production", harness.adminToken,
                Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    }

    /** Like the harness's, with room for PostgreSQL's first initdb over SSH on a busy machine. */
    private static JsonNode awaitFinished(long id) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode deployment = harness.get("/api/v1/deployments/" + id, harness.adminToken).json();
            String status = deployment.get("status").asText();
            if (status.equals("succeeded") || status.equals("failed")) {
                return deployment;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish in 4 minutes");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

}
