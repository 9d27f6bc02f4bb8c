package io.maestro.kube.apply;

import static io.maestro.kube.testing.ApiServerEmulator.request;
import static io.maestro.kube.testing.ShopApp.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.KubeStatus;
import io.maestro.kube.ObjectRef;
import io.maestro.kube.testing.ApiServerEmulator.Request;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import io.maestro.model.MaestroException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An API server that fails mid-apply")
class ApplyFaultsIT {

    private static final ObjectRef WEB = new ObjectRef("apps", "Deployment", NAMESPACE, "web");

    @Test
    void answering500FailsTheApplyWithTheStatusAndTheObjectAndStopsThere() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.api().fail(request("PATCH", "/deployments/web"), 100, 500, "InternalError",
                    "etcdserver: request timed out", Map.of());

            assertThatThrownBy(() -> Applier.create(cluster.client()).apply(NAMESPACE, ShopApp.objects()))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e).isInstanceOf(MaestroException.class);
                        assertThat(e.status()).contains(new KubeStatus(500, "InternalError", "etcdserver: request timed out", java.util.List.of()));
                        assertThat(e.object()).contains(WEB);
                        assertThat(e.timedOut()).isFalse();
                    })
                    .hasMessage("cannot apply Deployment.apps/web in shop-production: 500 InternalError: etcdserver: request timed out");

            KubernetesClient client = cluster.client();
            assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("api").get()).isNotNull();
            assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("worker").get()).isNull();
            // The client retried the 5xx (twice, as configured) before giving up.
            assertThat(cluster.api().requests()).filteredOn(r -> r.path().contains("/deployments/web")).hasSize(3);
        }
    }

    @Test
    void aSingle500IsRetriedByTheClientAndTheApplySucceeds() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.api().fail(request("PATCH", "/deployments/web"), 1, 503, "ServiceUnavailable", "apiserver restarting", Map.of());

            ApplyReport report = Applier.create(cluster.client()).apply(NAMESPACE, ShopApp.objects());

            assertThat(report.objects(ObjectChange.Action.CREATED)).contains(WEB);
            assertThat(cluster.api().writes()).filteredOn(r -> r.path().contains("/deployments/web")).hasSize(2);
        }
    }

    @Test
    void conflictWithoutForceNamesTheOtherFieldManager() {
        try (MockCluster cluster = MockCluster.start()) {
            Applier.create(cluster.client()).apply(NAMESPACE, ShopApp.objects());
            cluster.api().clearLog();
            cluster.api().fail(request("PATCH", "/deployments/web"), 1, 409, "Conflict",
                    "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas",
                    Map.of(".spec.replicas", "conflict with \"kubectl-edit\" using apps/v1"));

            assertThatThrownBy(() -> Applier.create(cluster.client())
                    .apply(NAMESPACE, ShopApp.shop().image("web", "acme/web:1.1").render()))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.status()).map(KubeStatus::code).contains(409);
                        assertThat(e.status().orElseThrow().causes()).containsExactly(new KubeStatus.Cause(
                                "FieldManagerConflict", ".spec.replicas", "conflict with \"kubectl-edit\" using apps/v1"));
                        assertThat(e.conflictingManagers()).containsExactly("kubectl-edit");
                        assertThat(e.object()).contains(WEB);
                    })
                    .hasMessage("cannot apply Deployment.apps/web in shop-production: 409 Conflict: Apply failed with 1 conflict: "
                            + "conflict with \"kubectl-edit\" using apps/v1: .spec.replicas (fields also managed by "
                            + "\"kubectl-edit\"; apply with force to take them over, or remove them from the other manager)");
            // A conflict is not retried: it needs a decision.
            assertThat(cluster.api().writes()).filteredOn(r -> r.path().contains("/deployments/web")).hasSize(1);
        }
    }

    @Test
    void aForbiddenReadFailsBeforeAnyWrite() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.api().fail(request("GET", "/apis/apps/v1/namespaces/shop-production/deployments"), 1, 403, "Forbidden",
                    "deployments.apps is forbidden: User \"ci\" cannot list resource \"deployments\"", Map.of());

            assertThatThrownBy(() -> Applier.create(cluster.client()).apply(NAMESPACE, ShopApp.objects()))
                    .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.status()).map(KubeStatus::code).contains(403))
                    .hasMessageStartingWith("cannot list Deployment.apps/* in shop-production: 403 Forbidden: deployments.apps is forbidden");
            assertThat(cluster.api().writes()).isEmpty();
        }
    }

    @Test
    void anApiServerThatDoesNotAnswerInTimeFailsTheApplyAsATimeout() {
        // Generous: the other requests of the apply must not time out on a loaded machine.
        try (MockCluster cluster = MockCluster.start(Duration.ofMillis(1500))) {
            cluster.api().delay(request("PATCH", "/deployments/web"), 100, Duration.ofSeconds(30));

            assertThatThrownBy(() -> Applier.create(cluster.client()).apply(NAMESPACE, ShopApp.objects()))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.timedOut()).isTrue();
                        assertThat(e.status()).isEmpty();
                        assertThat(e.object()).contains(WEB);
                    })
                    .hasMessage("cannot apply Deployment.apps/web in shop-production: the Kubernetes API server did not answer in time");
            assertThat(cluster.api().requests()).extracting(Request::path).noneMatch(p -> p.contains("/deployments/worker"));
        }
    }
}
