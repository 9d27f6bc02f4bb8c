package io.maestro.kube.scale;

import static io.maestro.kube.testing.ApiServerEmulator.request;
import static io.maestro.kube.testing.ShopApp.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.KubeStatus;
import io.maestro.kube.apply.Applier;
import io.maestro.kube.testing.ApiServerEmulator.Request;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import io.maestro.model.MaestroException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scaling through the scale subresource")
class ScalerIT {

    private static final String SCALE = "/apis/apps/v1/namespaces/shop-production/deployments/web/scale";

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient client = cluster.client();
    private final Scaler scaler = Scaler.create(client);

    @BeforeEach
    void deploy() {
        Applier.create(client).apply(NAMESPACE, ShopApp.objects());
        cluster.api().clearLog();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void scalesToACountWithOneReadAndOneConditionalWriteOfTheScaleSubresource() {
        Deployment before = web();
        cluster.api().clearLog();

        ScaleResult result = scaler.scale(NAMESPACE, "web", 4);

        assertThat(result).isEqualTo(new ScaleResult(NAMESPACE, "web", 1, 4));
        assertThat(cluster.api().requests()).extracting(Request::method, Request::resourcePath)
                .containsExactly(tuple("GET", SCALE), tuple("PUT", SCALE));
        // The write is conditional: it carries the resourceVersion read, so a concurrent change makes it fail.
        assertThat(cluster.api().writes().get(0).body())
                .contains("\"resourceVersion\":\"" + before.getMetadata().getResourceVersion() + "\"")
                .contains("\"replicas\":4");
        Deployment after = web();
        assertThat(after.getSpec().getReplicas()).isEqualTo(4);
        // Nothing but the count changed: same template, same image, no redeploy.
        assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
    }

    @Test
    void scalesRelativeToTheCurrentCountWithinTheBounds() {
        scaler.scale(NAMESPACE, "web", 3);

        assertThat(scaler.scale(NAMESPACE, "web", ScaleRequest.parse("+2"), new ReplicaBounds(2, 6)))
                .isEqualTo(new ScaleResult(NAMESPACE, "web", 3, 5));
        assertThat(scaler.scale(NAMESPACE, "web", ScaleRequest.parse("-3"), new ReplicaBounds(2, 6)).replicas()).isEqualTo(2);
        assertThat(web().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void refusesACountOutsideTheBoundsWithoutWriting() {
        scaler.scale(NAMESPACE, "web", 5);
        cluster.api().clearLog();

        assertThatThrownBy(() -> scaler.scale(NAMESPACE, "web", ScaleRequest.parse("+2"), new ReplicaBounds(2, 6)))
                .isExactlyInstanceOf(MaestroException.class)
                .hasMessage("cannot scale web: expected a replica count between 2 and 6, got 7 (5 +2)");
        assertThat(cluster.api().writes()).isEmpty();
        assertThat(web().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void sendsNoWriteWhenTheCountIsAlreadyRight() {
        ScaleResult result = scaler.scale(NAMESPACE, "web", 1);

        assertThat(result.changed()).isFalse();
        assertThat(cluster.api().writes()).isEmpty();
    }

    @Test
    void rereadsAndRecomputesWhenSomeoneElseScaledInBetween() {
        // The first write loses the race: another writer changed the Deployment after Maestro's read.
        cluster.api().fail(request("PUT", SCALE), 1, 409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified", Map.of());

        ScaleResult result = scaler.scale(NAMESPACE, "web", ScaleRequest.by(1), ReplicaBounds.unbounded());

        assertThat(result.replicas()).isEqualTo(2);
        assertThat(cluster.api().requests()).extracting(Request::method).containsExactly("GET", "PUT", "GET", "PUT");
    }

    @Test
    void aMissingDeploymentFailsWithTheNotFoundStatus() {
        assertThatThrownBy(() -> scaler.scale(NAMESPACE, "ghost", 2))
                .isInstanceOfSatisfying(KubeException.class, e -> assertThat(e.status()).map(KubeStatus::code).contains(404))
                .hasMessageStartingWith("cannot read the scale of Deployment.apps/ghost in shop-production: 404");
    }

    private Deployment web() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
    }
}
