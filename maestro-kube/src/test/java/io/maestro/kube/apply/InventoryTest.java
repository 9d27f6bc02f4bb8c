package io.maestro.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final String NS = "shop-production";
    private static final ObjectRef HPA = new ObjectRef("autoscaling", "HorizontalPodAutoscaler", NS, "web");
    private static final ObjectRef INGRESS = new ObjectRef("networking.k8s.io", "Ingress", NS, "web");
    private static final ObjectRef SERVICE = new ObjectRef("", "Service", NS, "web");

    @Test
    void writesOneSortedLinePerMemberAndReadsItBack() {
        Inventory inventory = Inventory.of(Map.of(SERVICE, "v1", INGRESS, "networking.k8s.io/v1", HPA, "autoscaling/v2"));

        String text = inventory.format();

        assertThat(text).isEqualTo("""
                HorizontalPodAutoscaler.autoscaling/web autoscaling/v2
                Ingress.networking.k8s.io/web networking.k8s.io/v1
                Service/web v1
                """);
        Inventory read = Inventory.parse(NS, text);
        assertThat(read).isEqualTo(inventory);
        assertThat(read.apiVersion(INGRESS)).isEqualTo("networking.k8s.io/v1");
        assertThat(read.groupKinds()).isEqualTo("HorizontalPodAutoscaler.autoscaling,Ingress.networking.k8s.io,Service");
    }

    @Test
    void identityIgnoresTheVersionAndAUnionKeepsTheNewerOne() {
        Inventory previous = Inventory.of(Map.of(HPA, "autoscaling/v1", SERVICE, "v1"));
        Inventory desired = Inventory.of(Map.of(HPA, "autoscaling/v2"));

        Inventory union = previous.union(desired);

        assertThat(union.refs()).containsExactly(HPA, SERVICE);
        assertThat(union.apiVersion(HPA)).isEqualTo("autoscaling/v2");
        assertThat(desired.contains(new ObjectRef("autoscaling", "HorizontalPodAutoscaler", NS, "web"))).isTrue();
    }

    @Test
    void readsNothingFromAnAbsentOrBlankText() {
        assertThat(Inventory.parse(NS, null)).isEqualTo(Inventory.empty());
        assertThat(Inventory.parse(NS, "\n  \n")).isEqualTo(Inventory.empty());
    }

    @Test
    void refusesALineItCannotReadRatherThanGuessWhatToPrune() {
        assertThatThrownBy(() -> Inventory.parse(NS, "Service/web v1\nDeployment.apps/api v1\n"))
                .isInstanceOf(KubeException.class)
                .hasMessage("cannot read the inventory ConfigMap maestro-inventory in shop-production: line 2: expected "
                        + "'Kind.group/name apiVersion', got 'Deployment.apps/api v1'; fix or delete the line (objects it "
                        + "names will no longer be pruned)");
        assertThatThrownBy(() -> Inventory.parse(NS, "web"))
                .hasMessageContaining("line 1: expected 'Kind.group/name apiVersion', got 'web'");
    }
}
