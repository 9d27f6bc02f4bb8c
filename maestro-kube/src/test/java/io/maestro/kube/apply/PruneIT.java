package io.maestro.kube.apply;

import static io.maestro.kube.testing.ShopApp.NAMESPACE;
import static io.maestro.kube.testing.ShopApp.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import io.maestro.kube.apply.ObjectChange.Action;
import io.maestro.kube.testing.ApiServerEmulator;
import io.maestro.kube.testing.ApiServerEmulator.Request;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pruning")
class PruneIT {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient client = cluster.client();
    private final Applier applier = Applier.create(client);

    @BeforeEach
    void deployTheShop() {
        applier.apply(NAMESPACE, ShopApp.objects());
        cluster.api().clearLog();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deletesTheObjectsOfAServiceThatLeftTheDefinitionDependentsFirst() {
        ApplyReport report = applier.apply(NAMESPACE, shop().without("api").render());

        assertThat(report.objects(Action.PRUNED)).extracting(ObjectRef::toString).containsExactly(
                "Ingress.networking.k8s.io/api in shop-production",
                "Deployment.apps/api in shop-production",
                "Service/api in shop-production");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("api").get()).isNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName("api").get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace(NAMESPACE).withName("api").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web").get()).isNotNull();
        // Three deletes and the inventory: nothing else changed.
        assertThat(cluster.api().writes()).extracting(Request::method).containsExactly("DELETE", "DELETE", "DELETE", "PATCH");
        assertThat(inventory()).doesNotContain("/api ").contains("Deployment.apps/web apps/v1");
    }

    @Test
    void neverTouchesObjectsWithoutMaestrosLabelsOrOutsideTheInventory() {
        // Someone else's ConfigMap, a Helm Deployment, and a Deployment labelled as Maestro's (even
        // with this ApplySet's id) that Maestro never applied.
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("legacy-config")
                .withNamespace(NAMESPACE).endMetadata().addToData("k", "v").build()).create();
        client.apps().deployments().resource(deployment("legacy", Map.of("app.kubernetes.io/managed-by", "Helm"))).create();
        client.apps().deployments().resource(deployment("stray", Map.of(
                "app.kubernetes.io/managed-by", "maestro",
                ApplySetLabels.APPLYSET_PART_OF, ApplySetLabels.applySetId(NAMESPACE)))).create();
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, shop().without("api").without("worker").render());

        assertThat(cluster.api().requests()).extracting(Request::path)
                .noneMatch(p -> p.contains("legacy") || p.contains("stray"));
        assertThat(report.objects(Action.PRUNED)).extracting(ObjectRef::name).containsOnly("api", "worker");
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("legacy-config").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("legacy").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("stray").get()).isNotNull();
    }

    @Test
    void keepsAnInventoryMemberSomeoneTookOverByRemovingTheApplySetLabel() {
        client.services().inNamespace(NAMESPACE).withName("api").edit(s -> {
            s.getMetadata().getLabels().remove(ApplySetLabels.APPLYSET_PART_OF);
            return s;
        });
        cluster.api().clearLog();

        ApplyReport report = applier.apply(NAMESPACE, shop().without("api").render());

        assertThat(report.objects(Action.KEPT_NOT_OWNED)).extracting(ObjectRef::toString).containsExactly("Service/api in shop-production");
        assertThat(report.objects(Action.PRUNED)).extracting(ObjectRef::kind).containsExactly("Ingress", "Deployment");
        assertThat(client.services().inNamespace(NAMESPACE).withName("api").get()).isNotNull();
        assertThat(cluster.api().writes()).extracting(Request::resourcePath).doesNotContain("/api/v1/namespaces/shop-production/services/api");
        assertThat(inventory()).doesNotContain("Service/api");
    }

    @Test
    void withoutPruneKeepsLeavingObjectsInTheInventoryForALaterPrune() {
        ApplyReport kept = Applier.create(client, ApplyOptions.defaults().withPrune(false)).apply(NAMESPACE, shop().without("api").render());

        assertThat(kept.objects(Action.PRUNED)).isEmpty();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("api").get()).isNotNull();
        assertThat(inventory()).contains("Deployment.apps/api apps/v1");

        ApplyReport pruned = applier.apply(NAMESPACE, shop().without("api").render());
        assertThat(pruned.objects(Action.PRUNED)).extracting(ObjectRef::name).containsOnly("api");
    }

    @Test
    void aFailedApplyStillPrunesLaterWhatItCreatedBeforeFailing() {
        // A new service is half-applied: its Deployment is created, then the API server fails a later object.
        cluster.api().fail(ApiServerEmulator.request("PATCH", "/ingresses/web"), 100, 500, "InternalError", "etcd leader changed", Map.of());
        assertThatThrownBy(() -> applier.apply(NAMESPACE, shop().plus("mailer").image("web", "acme/web:2.0").render()))
                .isInstanceOf(KubeException.class);
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("mailer").get()).isNotNull();
        assertThat(inventory()).contains("Deployment.apps/mailer apps/v1");
        cluster.api().clearFaults();

        // The user reverts: the half-applied service must not be left behind.
        ApplyReport report = applier.apply(NAMESPACE, ShopApp.objects());

        assertThat(report.objects(Action.PRUNED)).extracting(ObjectRef::name).containsOnly("mailer");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("mailer").get()).isNull();
        assertThat(inventory()).doesNotContain("mailer");
    }

    @Test
    void aFailedDeleteKeepsTheObjectInTheInventorySoTheNextApplyRetriesIt() {
        cluster.api().fail(ApiServerEmulator.request("DELETE", "/deployments/api"), 100, 500, "InternalError", "etcd leader changed", Map.of());

        assertThatThrownBy(() -> applier.apply(NAMESPACE, shop().without("api").render()))
                .isInstanceOfSatisfying(KubeException.class, e -> {
                    assertThat(e.getMessage()).startsWith("cannot delete Deployment.apps/api in shop-production: 500 InternalError");
                    assertThat(e.object()).contains(new ObjectRef("apps", "Deployment", NAMESPACE, "api"));
                });
        assertThat(inventory()).contains("Deployment.apps/api apps/v1");
        cluster.api().clearFaults();

        ApplyReport report = applier.apply(NAMESPACE, shop().without("api").render());
        assertThat(report.objects(Action.PRUNED)).extracting(ObjectRef::toString).contains("Deployment.apps/api in shop-production");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("api").get()).isNull();
    }

    private String inventory() {
        return client.configMaps().inNamespace(NAMESPACE).withName(ApplySetLabels.INVENTORY_NAME).get()
                .getData().get(ApplySetLabels.INVENTORY_KEY);
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String name, Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
