package io.maestro.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Map;

class ClusterDaoIT {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: prod
              cluster: {server: "https://10.0.0.1:6443"}
            users:
            - name: admin
              user: {token: "super-secret-bearer-token"}
            contexts:
            - name: prod
              context: {cluster: prod, user: admin}
            """;

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void addsAClusterAndReadsItsKubeconfigBack(TestDatabase db) {
        Store store = db.store(clock);

        Cluster added = store.clusters().add(cluster("dao-roundtrip"));

        assertThat(added.name()).isEqualTo("dao-roundtrip");
        assertThat(added.context()).isEqualTo("prod");
        assertThat(added.server()).isEqualTo("https://10.0.0.1:6443");
        assertThat(added.addedBy()).isEqualTo("alice");
        assertThat(added.addedAt()).isEqualTo(MutableClock.START);
        assertThat(store.clusters().require("dao-roundtrip")).isEqualTo(added);
        assertThat(store.clusters().kubeconfig("dao-roundtrip")).contains(KUBECONFIG);
        assertThat(store.clusters().kubeconfig("dao-nothing")).isEmpty();
    }

    @OnBothDatabases
    void theDatabaseHoldsOnlyTheKubeconfigsCiphertext(TestDatabase db) {
        Store store = db.store(clock);
        store.clusters().add(cluster("dao-at-rest"));

        Map<String, Object> row = db.database().withHandle(h -> h.createQuery(
                "SELECT * FROM clusters WHERE name = 'dao-at-rest'").mapToMap().one());

        assertThat(row.values()).noneMatch(column -> text(column).contains("super-secret-bearer-token"));
        assertThat(row.values()).noneMatch(column -> text(column).contains("apiVersion"));
        assertThat((byte[]) row.get("kubeconfig_nonce")).hasSize(12);
    }

    @OnBothDatabases
    void aKubeconfigCopiedOntoAnotherClusterDoesNotDecrypt(TestDatabase db) {
        Store store = db.store(clock);
        store.clusters().add(cluster("dao-swap-a"));
        store.clusters().add(cluster("dao-swap-b"));

        db.database().useTransaction(h -> h.createUpdate("UPDATE clusters SET"
                + " kubeconfig_ciphertext = (SELECT kubeconfig_ciphertext FROM clusters WHERE name = 'dao-swap-a'),"
                + " kubeconfig_nonce = (SELECT kubeconfig_nonce FROM clusters WHERE name = 'dao-swap-a')"
                + " WHERE name = 'dao-swap-b'").execute());

        assertThatThrownBy(() -> store.clusters().kubeconfig("dao-swap-b"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot decrypt secret /cluster-kubeconfig/dao-swap-b")
                .hasMessageNotContaining("super-secret");
    }

    @OnBothDatabases
    void anotherMasterKeyCannotReadTheKubeconfig(TestDatabase db) {
        db.store(clock).clusters().add(cluster("dao-other-key"));

        assertThatThrownBy(() -> db.store(clock).clusters().kubeconfig("dao-other-key"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("was encrypted under master key");
    }

    @OnBothDatabases
    void refusesASecondClusterWithTheSameName(TestDatabase db) {
        Store store = db.store(clock);
        store.clusters().add(cluster("dao-twice"));

        assertThatThrownBy(() -> store.clusters().add(cluster("dao-twice")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("cluster 'dao-twice' already exists");
    }

    @OnBothDatabases
    void listsByNameAndDeletes(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.clusters().add(cluster("staging"));
        store.clusters().add(cluster("production"));

        assertThat(store.clusters().list()).extracting(Cluster::name).containsExactly("production", "staging");
        assertThat(store.clusters().delete("staging")).isTrue();
        assertThat(store.clusters().delete("staging")).isFalse();
        assertThat(store.clusters().list()).extracting(Cluster::name).containsExactly("production");
        assertThat(store.clusters().kubeconfig("staging")).isEmpty();
        assertThatThrownBy(() -> store.clusters().require("staging"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no cluster named 'staging'");
    }

    @OnBothDatabases
    void theNewClusterNeverPrintsItsKubeconfig(TestDatabase db) {
        assertThat(cluster("dao-print").toString()).doesNotContain("super-secret").contains("<redacted>");
    }

    private static NewCluster cluster(String name) {
        return new NewCluster(name, "prod", "https://10.0.0.1:6443", KUBECONFIG, "alice");
    }

    private static String text(Object column) {
        return column instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(column);
    }
}
