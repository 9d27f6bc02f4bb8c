package io.maestro.kube.apply;

import static io.maestro.kube.testing.ShopApp.NAMESPACE;
import static io.maestro.kube.testing.ShopApp.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import io.maestro.kube.apply.ObjectChange.Action;
import io.maestro.kube.testing.ApiServerEmulator.Request;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import io.maestro.plan.kube.KubeSerializer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Applying an application environment")
class ApplyChangesIT {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient client = cluster.client();
    private final Applier applier = Applier.create(client);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void firstDeployCreatesTheNamespaceTheInventoryAndEveryObjectWithApplyPatches() {
        List<HasMetadata> objects = ShopApp.objects();

        ApplyReport report = applier.apply(NAMESPACE, objects);

        assertThat(report.changes()).extracting(ObjectChange::action).containsOnly(Action.CREATED);
        assertThat(report.changes()).extracting(c -> c.object().toString()).containsExactly(
                "Namespace/shop-production",
                "ConfigMap/web-env in shop-production",
                "Service/api in shop-production",
                "Service/web in shop-production",
                "Deployment.apps/api in shop-production",
                "Deployment.apps/web in shop-production",
                "Deployment.apps/worker in shop-production",
                "Ingress.networking.k8s.io/api in shop-production",
                "Ingress.networking.k8s.io/web in shop-production");
        assertThat(report.inventoryWrites()).isEqualTo(1);
        List<Request> writes = cluster.api().writes();
        assertThat(writes).hasSize(objects.size() + 1)
                .allSatisfy(w -> {
                    assertThat(w.method()).isEqualTo("PATCH");
                    assertThat(w.contentType()).startsWith("application/apply-patch+yaml");
                    assertThat(w.path()).endsWith("?fieldManager=maestro");
                });
        // Namespace first, then the inventory, then the objects in the renderer's order.
        assertThat(writes.get(0).resourcePath()).isEqualTo("/api/v1/namespaces/shop-production");
        assertThat(writes.get(1).resourcePath()).endsWith("/configmaps/maestro-inventory");

        Deployment web = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
        assertThat(web.getMetadata().getLabels())
                .containsEntry(ApplySetLabels.APPLYSET_PART_OF, report.applySetId())
                .containsEntry("app.kubernetes.io/managed-by", "maestro");
        assertThat(web.getMetadata().getAnnotations()).containsKey(ApplySetLabels.APPLIED_HASH);
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("acme/web:1.0");

        ConfigMap inventory = client.configMaps().inNamespace(NAMESPACE).withName(ApplySetLabels.INVENTORY_NAME).get();
        assertThat(inventory.getMetadata().getLabels()).containsEntry(ApplySetLabels.APPLYSET_ID, report.applySetId());
        assertThat(inventory.getMetadata().getAnnotations())
                .containsEntry(ApplySetLabels.APPLYSET_CONTAINS_GROUP_KINDS, "ConfigMap,Deployment.apps,Ingress.networking.k8s.io,Service");
        assertThat(inventory.getData().get(ApplySetLabels.INVENTORY_KEY)).isEqualTo("""
                ConfigMap/web-env v1
                Deployment.apps/api apps/v1
                Deployment.apps/web apps/v1
                Deployment.apps/worker apps/v1
                Ingress.networking.k8s.io/api networking.k8s.io/v1
                Ingress.networking.k8s.io/web networking.k8s.io/v1
                Service/api v1
                Service/web v1
                """);
    }

    @Test
    void redeployOfAnUnchangedDefinitionSendsZeroWrites() {
        applier.apply(NAMESPACE, ShopApp.objects());
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, ShopApp.objects());

        assertThat(cluster.api().writes()).isEmpty();
        assertThat(report.unchanged()).isTrue();
        assertThat(report.changes()).extracting(ObjectChange::action).containsOnly(Action.UNCHANGED);
        // Reads only: the Namespace, the inventory and one list per kind.
        assertThat(cluster.api().requests()).hasSize(6);
    }

    @Test
    void oneImageChangeWritesOnlyThatServicesObjects() {
        applier.apply(NAMESPACE, ShopApp.objects());
        long generation = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get().getMetadata().getGeneration();
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, shop().image("web", "acme/web:1.1").render());

        assertThat(cluster.api().writes()).isNotEmpty()
                .extracting(Request::resourcePath)
                .allSatisfy(path -> assertThat(path.substring(path.lastIndexOf('/') + 1)).startsWith("web"))
                .contains("/apis/apps/v1/namespaces/shop-production/deployments/web");
        assertThat(report.objects(Action.CONFIGURED)).extracting(ObjectRef::name).allMatch(n -> n.startsWith("web"));
        assertThat(report.objects(Action.UNCHANGED)).extracting(ObjectRef::name)
                .contains("worker", "api", "shop-production");
        assertThat(report.inventoryWrites()).isZero();
        Deployment web = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("acme/web:1.1");
        assertThat(web.getMetadata().getGeneration()).isGreaterThan(generation);
    }

    @Test
    void reapplyUnchangedWritesEveryObjectToRepairDrift() {
        applier.apply(NAMESPACE, ShopApp.objects());
        cluster.api().clearLog();

        ApplyReport report = Applier.create(client, ApplyOptions.defaults().withReapplyUnchanged(true))
                .apply(NAMESPACE, ShopApp.objects());

        assertThat(report.changes()).extracting(ObjectChange::action).containsOnly(Action.CONFIGURED);
        assertThat(cluster.api().writes()).hasSize(ShopApp.objects().size());
    }

    @Test
    void reappliesAnObjectWhoseApplySetLabelWasRemovedOutOfBand() {
        applier.apply(NAMESPACE, ShopApp.objects());
        client.apps().deployments().inNamespace(NAMESPACE).withName("worker")
                .edit(d -> { d.getMetadata().getLabels().remove(ApplySetLabels.APPLYSET_PART_OF); return d; });
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, ShopApp.objects());

        assertThat(report.objects(Action.CONFIGURED)).extracting(ObjectRef::name).containsExactly("worker");
        assertThat(cluster.api().writes()).extracting(Request::resourcePath)
                .containsExactly("/apis/apps/v1/namespaces/shop-production/deployments/worker");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("worker").get().getMetadata().getLabels())
                .containsKey(ApplySetLabels.APPLYSET_PART_OF);
    }

    @Test
    void neverModifiesTheCallersObjects() {
        List<HasMetadata> objects = ShopApp.objects();
        String before = KubeSerializer.toYaml(objects);

        applier.apply(NAMESPACE, objects);

        assertThat(KubeSerializer.toYaml(objects)).isEqualTo(before);
    }

    @Test
    void refusesBeforeAnyWriteWhenADesiredNameIsTakenByAForeignObject() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        ConfigMap foreign = new ConfigMapBuilder().withNewMetadata().withName("web-env").withNamespace(NAMESPACE).endMetadata()
                .addToData("owner", "someone else").build();
        client.configMaps().resource(foreign).create();
        cluster.api().clearLog();

        assertThatThrownBy(() -> applier.apply(NAMESPACE, ShopApp.objects()))
                .isInstanceOfSatisfying(KubeException.class, e -> {
                    assertThat(e.object()).contains(new ObjectRef("", "ConfigMap", NAMESPACE, "web-env"));
                    assertThat(e.status()).isEmpty();
                })
                .hasMessage("cannot apply: ConfigMap/web-env in shop-production already exists and is not managed by "
                        + "Maestro (expected the label app.kubernetes.io/managed-by=maestro); nothing was changed: "
                        + "rename the service or remove the object");
        assertThat(cluster.api().writes()).isEmpty();
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("web-env").get().getData()).containsEntry("owner", "someone else");
    }

    @Test
    void deploysIntoANamespaceSomeoneElseCreatedWithoutTouchingIt() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels("team", "platform").endMetadata().build()).create();
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, ShopApp.objects());

        assertThat(report.changes().get(0)).isEqualTo(new ObjectChange(new ObjectRef("", "Namespace", null, NAMESPACE), Action.KEPT_NOT_OWNED));
        assertThat(cluster.api().writes()).extracting(Request::resourcePath).doesNotContain("/api/v1/namespaces/" + NAMESPACE);
        assertThat(client.namespaces().withName(NAMESPACE).get().getMetadata().getLabels()).containsOnlyKeys("team");
        assertThat(report.objects(Action.CREATED)).hasSize(ShopApp.objects().size() - 1);
    }

    @Test
    void refusesAnInventoryConfigMapThatBelongsToSomeoneElse() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(ApplySetLabels.INVENTORY_NAME)
                .withNamespace(NAMESPACE).endMetadata().addToData("objects", "Deployment.apps/db apps/v1\n").build()).create();
        cluster.api().clearLog();

        assertThatThrownBy(() -> applier.apply(NAMESPACE, ShopApp.objects()))
                .isInstanceOf(KubeException.class)
                .hasMessageStartingWith("cannot use ConfigMap/maestro-inventory in shop-production as Maestro's inventory: "
                        + "expected the label applyset.kubernetes.io/id=" + ApplySetLabels.applySetId(NAMESPACE) + ", got none");
        assertThat(cluster.api().writes()).isEmpty();
    }

    @Test
    void rejectsObjectsOfAnotherNamespace() {
        ConfigMap elsewhere = new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("other").endMetadata().build();

        assertThatThrownBy(() -> applier.apply(NAMESPACE, List.of(elsewhere)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected objects of namespace 'shop-production', got ConfigMap 'x' in 'other'");
        assertThat(cluster.api().requests()).isEmpty();
    }
}
