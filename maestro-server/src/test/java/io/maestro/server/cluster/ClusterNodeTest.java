package io.maestro.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    static Node node(String name, Map<String, String> labels, String taintKey, boolean ready) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata();
        builder.withNewSpec().endSpec();
        if (taintKey != null) {
            builder.editSpec().addNewTaint().withKey(taintKey).withEffect("NoSchedule").endTaint().endSpec();
        }
        return builder.withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110"),
                        "ephemeral-storage", new Quantity("100Gi")))
                .withAllocatable(Map.of("cpu", new Quantity("3800m"), "memory", new Quantity("15Gi"), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady").endCondition()
                .endStatus().build();
    }

    @Test
    void aControlPlaneLabelAndTaintMakeADedicatedMaster() {
        ClusterNode node = ClusterNode.from(node("cp-1", Map.of("node-role.kubernetes.io/control-plane", ""),
                "node-role.kubernetes.io/control-plane", true));

        assertThat(node.roles()).containsExactly("control-plane");
        assertThat(node.controlPlane()).isTrue();
        assertThat(node.schedulable()).isFalse();
        assertThat(node.taints()).containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");
        assertThat(node.orderedCapacity()).containsExactly(Map.entry("cpu", "4"), Map.entry("memory", "16Gi"),
                Map.entry("pods", "110"));
        assertThat(node.orderedAllocatable()).containsEntry("cpu", "3800m");
        assertThat(node.ready()).isTrue();
    }

    @Test
    void theOldMasterLabelAloneMakesASharedMaster() {
        ClusterNode node = ClusterNode.from(node("old-master", Map.of("node-role.kubernetes.io/master", "true"), null, true));

        assertThat(node.roles()).containsExactly("master");
        assertThat(node.controlPlane()).isTrue();
        assertThat(node.schedulable()).isTrue();
    }

    @Test
    void aMasterTaintWithoutARoleLabelStillMarksAControlPlaneNode() {
        ClusterNode node = ClusterNode.from(node("tainted", Map.of(), "node-role.kubernetes.io/master", false));

        assertThat(node.controlPlane()).isTrue();
        assertThat(node.roles()).containsExactly("control-plane");
        assertThat(node.ready()).isFalse();
        assertThat(node.conditions()).containsExactly(new ClusterNode.Condition("Ready", "False", "KubeletNotReady"));
    }

    @Test
    void aNodeWithoutRolesIsAWorkerAndOtherRoleLabelsAreKept() {
        assertThat(ClusterNode.from(node("w1", Map.of("kubernetes.io/hostname", "w1"), null, true)).roles())
                .containsExactly("worker");
        ClusterNode ingress = ClusterNode.from(node("w2", Map.of("node-role.kubernetes.io/ingress", ""), null, true));
        assertThat(ingress.roles()).containsExactly("ingress");
        assertThat(ingress.controlPlane()).isFalse();
    }

    @Test
    void mastersAreDedicatedOnlyWhenEveryMasterRepelsWorkloads() {
        ClusterNode dedicated = ClusterNode.from(node("cp-1", Map.of("node-role.kubernetes.io/control-plane", ""),
                "node-role.kubernetes.io/control-plane", true));
        ClusterNode shared = ClusterNode.from(node("cp-2", Map.of("node-role.kubernetes.io/control-plane", ""), null, false));
        ClusterNode worker = ClusterNode.from(node("w1", Map.of(), null, true));

        assertThat(Masters.of(List.of(dedicated, worker))).isEqualTo(new Masters(1, true, List.of()));
        assertThat(Masters.of(List.of(dedicated, shared, worker))).isEqualTo(new Masters(2, false, List.of("cp-2")));
        assertThat(Masters.of(List.of(worker))).isEqualTo(new Masters(0, false, List.of()));
    }
}
