package io.maestro.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.maestro.kube.testing.ShopApp;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredSetTest {

    private static final String NS = "shop-production";
    private static final String ID = ApplySetLabels.applySetId(NS);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static DesiredSet prepare(List<? extends HasMetadata> objects) {
        return DesiredSet.prepare(NS, ID, objects, SERIALIZATION);
    }

    @Test
    void labelsMembersWithTheApplySetAndAnnotatesEveryObjectWithItsHash() {
        DesiredSet set = prepare(ShopApp.objects());

        assertThat(set.namespace()).hasValueSatisfying(ns -> {
            assertThat(ns.body().getMetadata().getLabels()).doesNotContainKey(ApplySetLabels.APPLYSET_PART_OF);
            assertThat(ns.body().getMetadata().getAnnotations()).containsEntry(ApplySetLabels.APPLIED_HASH, ns.hash());
        });
        assertThat(set.members()).hasSize(ShopApp.objects().size() - 1).allSatisfy(m -> {
            assertThat(m.body().getMetadata().getLabels()).containsEntry(ApplySetLabels.APPLYSET_PART_OF, ID);
            assertThat(m.body().getMetadata().getAnnotations()).containsEntry(ApplySetLabels.APPLIED_HASH, m.hash());
            assertThat(m.hash()).matches("[0-9a-f]{64}");
        });
    }

    @Test
    void theSameDefinitionHashesTheSameAndAChangedImageChangesOnlyThatServicesHashes() {
        List<DesiredObject> first = prepare(ShopApp.objects()).members();
        List<DesiredObject> again = prepare(ShopApp.objects()).members();
        List<DesiredObject> newWeb = prepare(ShopApp.shop().image("web", "acme/web:1.1").render()).members();

        assertThat(again).extracting(DesiredObject::hash).isEqualTo(first.stream().map(DesiredObject::hash).toList());
        for (int i = 0; i < first.size(); i++) {
            boolean web = first.get(i).ref().name().startsWith("web");
            assertThat(newWeb.get(i).hash().equals(first.get(i).hash())).as(first.get(i).ref().toString()).isEqualTo(!web);
        }
    }

    @Test
    void aStaleHashAnnotationOrServerMetadataOnTheInputDoesNotChangeTheHash() {
        ConfigMap clean = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace(NS).endMetadata()
                .addToData("k", "v").build();
        ConfigMap fromServer = new ConfigMapBuilder(clean).editMetadata().withResourceVersion("42").withUid("u-1")
                .addToAnnotations(ApplySetLabels.APPLIED_HASH, "stale").endMetadata().build();

        DesiredObject a = prepare(List.of(clean)).members().get(0);
        DesiredObject b = prepare(List.of(fromServer)).members().get(0);

        assertThat(b.hash()).isEqualTo(a.hash());
        assertThat(b.body().getMetadata().getResourceVersion()).isNull();
        assertThat(b.body().getMetadata().getUid()).isNull();
    }

    @Test
    void givesObjectsWithoutANamespaceTheTargetNamespace() {
        ConfigMap noNamespace = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();

        assertThat(prepare(List.of(noNamespace)).members().get(0).body().getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(noNamespace.getMetadata().getNamespace()).isNull();
    }

    @Test
    void rejectsClusterScopedObjectsAnotherNamespaceDuplicatesAndTheInventoryName() {
        assertThatThrownBy(() -> prepare(List.of(new ClusterRoleBuilder().withNewMetadata().withName("admin").endMetadata().build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected namespaced objects only, got the cluster-scoped ClusterRole 'admin'");
        assertThatThrownBy(() -> prepare(List.of(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build())))
                .hasMessage("expected the Namespace 'shop-production', got 'other'");
        ConfigMap c = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();
        assertThatThrownBy(() -> prepare(List.of(c, c)))
                .hasMessage("expected each object once, got ConfigMap/c in shop-production twice");
        ConfigMap impostor = new ConfigMapBuilder().withNewMetadata().withName(ApplySetLabels.INVENTORY_NAME).endMetadata().build();
        assertThatThrownBy(() -> prepare(List.of(impostor)))
                .hasMessage("expected no ConfigMap named 'maestro-inventory': the name is reserved for Maestro's inventory");
    }
}
