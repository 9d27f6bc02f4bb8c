package io.maestro.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.testing.MockCluster;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.secret.MasterKey;
import io.maestro.store.secret.SecretBox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry as the deploy engine and the routes use it, over SQLite and the mock API server. */
class ClusterRegistryIT {

    private static final Actor ALICE = new Actor("alice", "127.0.0.1");

    @TempDir
    Path temp;

    private Database database;
    private Store store;
    private MockCluster cluster;

    @BeforeEach
    void start() {
        database = Database.sqlite(temp.resolve("maestro.db"));
        store = Store.of(database, Clock.systemUTC(), new SecretBox(MasterKey.generate()));
        cluster = MockCluster.start();
        cluster.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
        database.close();
    }

    private String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                current-context: other
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                - name: other
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: admin
                  user: {token: "registry-token"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: admin}
                - name: other
                  context: {cluster: other, user: admin}
                """.formatted(cluster.url());
    }

    @Test
    void theDeployEngineConnectsThroughTheStoredContext() {
        ClusterRegistry registry = new ClusterRegistry(store, ClusterUsage.NONE);
        registry.add("lab", kubeconfig(), Optional.of("mock"), ALICE);

        try (KubernetesClient client = registry.connect("lab")) {
            assertThat(client.getMasterUrl().toString()).isEqualTo(cluster.url());
            assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1");
        }
        assertThatThrownBy(() -> registry.connect("nowhere"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no cluster named 'nowhere'");
    }

    @Test
    void aClusterAnEnvironmentUsesCannotBeRemoved() {
        ClusterUsage usage = name -> name.equals("lab") ? List.of("shop/production", "shop/staging") : List.of();
        ClusterRegistry registry = new ClusterRegistry(store, usage);
        registry.add("lab", kubeconfig(), Optional.of("mock"), ALICE);

        assertThatThrownBy(() -> registry.remove("lab", ALICE))
                .isInstanceOf(ConflictException.class)
                .hasMessage("cluster 'lab' is used by environments shop/production, shop/staging; point them at another"
                        + " cluster first (PUT /api/v1/apps/APP/environments/ENV)");
        assertThat(store.clusters().find("lab")).isPresent();
        assertThat(store.audit().forTarget("lab", 10)).extracting(e -> e.action()).containsExactly("cluster.add");
    }

    @Test
    void aNameIsCheckedBeforeAnythingIsRead() {
        ClusterRegistry registry = new ClusterRegistry(store, ClusterUsage.NONE);

        assertThatThrownBy(() -> registry.add("lab.prod", "not read", Optional.empty(), ALICE))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessageStartingWith("name: expected a lowercase name");
        assertThatThrownBy(() -> registry.add("lab", kubeconfig(), Optional.empty(), ALICE))
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("(context other)");
        assertThat(store.clusters().list()).isEmpty();
    }
}
