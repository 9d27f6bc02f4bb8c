package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.maestro.kube.testing.ApiServerEmulator;
import io.maestro.kube.testing.MockCluster;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster registry through the REST API of a real server, against fabric8's mock API server. */
class ClustersIT {

    private static final String TOKEN = "mock-cluster-bearer-token-7f3a";

    @TempDir
    Path home;

    private TestServer server;
    private MockCluster cluster;

    @BeforeEach
    void start() {
        server = TestServer.start(home);
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        try {
            cluster.close();
        } finally {
            server.close();
        }
    }

    static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                - name: elsewhere
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: admin
                  user: {token: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: admin}
                - name: elsewhere
                  context: {cluster: elsewhere, user: admin}
                """.formatted(url, TOKEN);
    }

    static Map<String, Object> add(String name, String kubeconfig, String context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kubeconfig", kubeconfig);
        if (context != null) {
            body.put("context", context);
        }
        return body;
    }

    /** A node as a kubelet reports it: role label, optional NoSchedule taint, capacity, Ready. */
    static Node node(String name, String role, boolean tainted) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata().withNewSpec().endSpec();
        if (role != null) {
            builder.editMetadata().addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        }
        if (tainted) {
            builder.editSpec().addNewTaint().withKey("node-role.kubernetes.io/" + role).withEffect("NoSchedule").endTaint().endSpec();
        }
        return builder.withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"), "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity("1900m"), "memory", new Quantity("3584Mi"), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory").endCondition()
                .endStatus().build();
    }

    private void nodes(Node... nodes) {
        for (Node node : nodes) {
            cluster.client().nodes().resource(node).create();
        }
    }

    @Test
    void addsAClusterWithDedicatedMastersAndShowsItsNodesMastersAndHa() {
        nodes(node("cp-1", "control-plane", true), node("cp-2", "control-plane", true), node("cp-3", "control-plane", true),
                node("worker-1", null, false), node("worker-2", null, false));

        TestServer.Response added = server.post("/api/v1/clusters", server.adminToken, add("prod", kubeconfig(cluster.url()), null));

        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("name").asText()).isEqualTo("prod");
        assertThat(added.json().get("context").asText()).isEqualTo("mock");
        assertThat(added.json().get("server").asText()).isEqualTo(cluster.url());
        assertThat(added.json().get("addedBy").asText()).isEqualTo("admin");

        TestServer.Response shown = server.get("/api/v1/clusters/prod", server.adminToken);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        JsonNode show = shown.json();
        assertThat(show.get("reachable").asBoolean()).isTrue();
        assertThat(show.get("nodes")).hasSize(5);
        JsonNode cp1 = show.get("nodes").get(0);
        assertThat(cp1.get("name").asText()).isEqualTo("cp-1");
        assertThat(cp1.get("roles").get(0).asText()).isEqualTo("control-plane");
        assertThat(cp1.get("controlPlane").asBoolean()).isTrue();
        assertThat(cp1.get("schedulable").asBoolean()).isFalse();
        assertThat(cp1.get("taints").get(0).asText()).isEqualTo("node-role.kubernetes.io/control-plane:NoSchedule");
        assertThat(cp1.get("capacity").get("memory").asText()).isEqualTo("4Gi");
        assertThat(cp1.get("allocatable").get("cpu").asText()).isEqualTo("1900m");
        assertThat(cp1.get("conditions").get(0).get("type").asText()).isEqualTo("Ready");
        assertThat(cp1.get("conditions").get(0).get("status").asText()).isEqualTo("True");
        JsonNode worker = show.get("nodes").get(3);
        assertThat(worker.get("roles").get(0).asText()).isEqualTo("worker");
        assertThat(worker.get("schedulable").asBoolean()).isTrue();
        assertThat(show.get("masters").get("count").asInt()).isEqualTo(3);
        assertThat(show.get("masters").get("dedicated").asBoolean()).isTrue();
        assertThat(show.get("ha").get("highlyAvailable").asBoolean()).isTrue();
        assertThat(show.get("ha").get("tolerates").asInt()).isEqualTo(1);
        assertThat(show.get("ha").get("findings").get(0).asText()).startsWith("3 masters: highly available");

        TestServer.Response listed = server.get("/api/v1/clusters", server.adminToken);
        assertThat(listed.json().get("clusters")).hasSize(1);
        assertThat(listed.json().get("clusters").get(0).get("name").asText()).isEqualTo("prod");

        List<AuditEntry> audit = server.server.store().audit().forTarget("prod", 10);
        assertThat(audit).extracting(AuditEntry::action).containsExactly("cluster.add");
        assertThat(audit.getFirst().detail()).contains("5 nodes").doesNotContain(TOKEN);
        for (TestServer.Response response : List.of(added, shown, listed)) {
            assertThat(response.body()).doesNotContain(TOKEN).doesNotContain("apiVersion");
        }
    }

    @Test
    void twoSharedMastersAreReportedLessAvailableThanOne() {
        nodes(node("m1", "master", false), node("m2", "master", false));
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("pair", kubeconfig(cluster.url()), "mock")).status())
                .isEqualTo(201);

        JsonNode show = server.get("/api/v1/clusters/pair", server.adminToken).json();

        assertThat(show.get("masters").get("count").asInt()).isEqualTo(2);
        assertThat(show.get("masters").get("dedicated").asBoolean()).isFalse();
        assertThat(show.get("ha").get("highlyAvailable").asBoolean()).isFalse();
        assertThat(show.get("ha").get("tolerates").asInt()).isZero();
        assertThat(show.get("ha").get("findings").toString())
                .contains("less available than 1 master").contains("The masters are shared");
    }

    @Test
    void anUnreachableClusterIsRefusedWithTheReasonAndNothingIsStored() {
        TestServer.Response refused = server.post("/api/v1/clusters", server.adminToken,
                add("gone", kubeconfig(cluster.url()), "elsewhere"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("error").asText()).isEqualTo("cluster_unreachable");
        assertThat(refused.json().get("message").asText())
                .startsWith("cannot reach cluster 'gone' at http://127.0.0.1:1 (context elsewhere): cannot list nodes:")
                .endsWith("; nothing was stored")
                .doesNotContain(TOKEN);
        assertThat(server.server.store().clusters().list()).isEmpty();
        assertThat(server.server.store().audit().forTarget("gone", 10)).isEmpty();
    }

    @Test
    void anApiServerThatRefusesTheCredentialsIsRefused() {
        cluster.api().fail(ApiServerEmulator.request("GET", "/api/v1/nodes"), 3, 401, "Unauthorized", "Unauthorized", Map.of());
        TestServer.Response refused = server.post("/api/v1/clusters", server.adminToken, add("denied", kubeconfig(cluster.url()), null));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("message").asText()).contains("cannot list nodes").contains("401");
        assertThat(server.server.store().clusters().list()).isEmpty();
    }

    @Test
    void badNamesKubeconfigsAndContextsAreRefusedAndNothingIsStored() {
        String kubeconfig = kubeconfig(cluster.url());
        Map<Map<String, Object>, String> cases = new LinkedHashMap<>();
        cases.put(add("Prod_1", kubeconfig, null), "name: expected a lowercase name");
        cases.put(add("prod", "{ not: [a kubeconfig", null), "kubeconfig: expected a YAML kubeconfig");
        cases.put(add("prod", "apiVersion: v1\nkind: Config\n", null), "kubeconfig: expected a kubeconfig with at least one context");
        cases.put(add("prod", kubeconfig, "staging"), "context: expected a context of the kubeconfig (mock, elsewhere), got 'staging'");
        cases.forEach((body, message) -> {
            TestServer.Response response = server.post("/api/v1/clusters", server.adminToken, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).as(response.toString()).startsWith(message).doesNotContain(TOKEN);
        });
        TestServer.Response noKubeconfig = server.send("POST", "/api/v1/clusters", server.adminToken, "{\"name\":\"prod\"}");
        assertThat(noKubeconfig.status()).isEqualTo(400);
        assertThat(noKubeconfig.json().get("message").asText()).isEqualTo("kubeconfig: expected a string, got none");
        assertThat(server.server.store().clusters().list()).isEmpty();
    }

    @Test
    void theKubeconfigIsEncryptedAtRest() {
        nodes(node("only", null, false));
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("secret", kubeconfig(cluster.url()), null)).status())
                .isEqualTo(201);

        Map<String, Object> row = server.server.store().database().withHandle(h -> h.createQuery(
                "SELECT * FROM clusters WHERE name = 'secret'").mapToMap().one());

        assertThat(row.values()).noneMatch(column -> {
            String text = column instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(column);
            return text.contains(TOKEN) || text.contains("current-context");
        });
        assertThat(server.server.store().clusters().kubeconfig("secret")).contains(kubeconfig(cluster.url()));
    }

    @Test
    void aClusterThatBecameUnreachableIsShownWithTheProblem() {
        nodes(node("only", null, false));
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("flaky", kubeconfig(cluster.url()), null)).status())
                .isEqualTo(201);
        cluster.close();

        TestServer.Response shown = server.get("/api/v1/clusters/flaky", server.adminToken);

        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.json().get("reachable").asBoolean()).isFalse();
        assertThat(shown.json().get("problem").asText()).startsWith("cannot reach cluster 'flaky' at " + cluster.url());
        assertThat(shown.json().get("nodes")).isEmpty();
        cluster = MockCluster.start();
    }

    @Test
    void removesAClusterAndAuditsIt() {
        nodes(node("only", null, false));
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("old", kubeconfig(cluster.url()), null)).status())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("old", kubeconfig(cluster.url()), null)).status())
                .isEqualTo(409);

        assertThat(server.send("DELETE", "/api/v1/clusters/old", server.adminToken, null).status()).isEqualTo(204);

        assertThat(server.send("DELETE", "/api/v1/clusters/old", server.adminToken, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/clusters/old", server.adminToken).status()).isEqualTo(404);
        assertThat(server.server.store().audit().forTarget("old", 10)).extracting(AuditEntry::action)
                .containsExactly("cluster.remove", "cluster.add");
    }

    @Test
    void everyClusterRouteNeedsATokenAndAdminForChanges() {
        nodes(node("only", null, false));
        assertThat(server.post("/api/v1/clusters", server.adminToken, add("guarded", kubeconfig(cluster.url()), null)).status())
                .isEqualTo(201);
        String viewer = server.tokenFor("vic", Role.VIEWER);
        String deployer = server.tokenFor("dee", Role.DEPLOYER);
        String body = "{\"name\":\"other\",\"kubeconfig\":\"" + kubeconfig(cluster.url()).replace("\n", "\\n").replace("\"", "\\\"") + "\"}";

        for (String[] route : List.of(new String[] {"GET", "/api/v1/clusters"}, new String[] {"POST", "/api/v1/clusters"},
                new String[] {"GET", "/api/v1/clusters/guarded"}, new String[] {"DELETE", "/api/v1/clusters/guarded"})) {
            assertThat(server.send(route[0], route[1], null, body).status()).as(route[0] + " " + route[1]).isEqualTo(401);
            assertThat(server.send(route[0], route[1], "maestro_" + "B".repeat(43), body).status()).isEqualTo(401);
        }
        for (String token : List.of(viewer, deployer)) {
            assertThat(server.send("POST", "/api/v1/clusters", token, body).status()).isEqualTo(403);
            assertThat(server.send("DELETE", "/api/v1/clusters/guarded", token, null).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/clusters", token).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/clusters/guarded", token).status()).isEqualTo(200);
        }
        assertThat(server.server.store().clusters().list()).extracting(c -> c.name()).containsExactly("guarded");
    }
}
