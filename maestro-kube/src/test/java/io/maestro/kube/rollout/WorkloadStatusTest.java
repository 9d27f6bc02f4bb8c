package io.maestro.kube.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Test;

class WorkloadStatusTest {

    private static DeploymentBuilder web(long generation, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec();
    }

    @Test
    void completeOnlyWhenTheCurrentGenerationIsObservedAndEveryReplicaIsUpdatedAndAvailable() {
        Deployment done = web(3, 2).withNewStatus().withObservedGeneration(3L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(2).withAvailableReplicas(2).endStatus().build();
        Deployment oldPodLeft = web(3, 2).withNewStatus().withObservedGeneration(3L).withReplicas(3).withUpdatedReplicas(2)
                .withReadyReplicas(3).withAvailableReplicas(2).endStatus().build();
        Deployment notObserved = web(3, 2).withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(2).withAvailableReplicas(2).endStatus().build();
        Deployment notAvailable = web(3, 2).withNewStatus().withObservedGeneration(3L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(2).withAvailableReplicas(1).endStatus().build();

        assertThat(WorkloadStatus.of(done).progress().complete()).isTrue();
        assertThat(WorkloadStatus.of(oldPodLeft).progress().complete()).isFalse();
        assertThat(WorkloadStatus.of(notObserved).progress().complete()).isFalse();
        assertThat(WorkloadStatus.of(notAvailable).progress().complete()).isFalse();
        assertThat(WorkloadStatus.of(web(1, 0).build()).progress().complete()).isFalse();
        assertThat(WorkloadStatus.of(done).selector()).containsEntry("app", "web");
    }

    @Test
    void aScaledToZeroDeploymentIsCompleteOnceObserved() {
        Deployment zero = web(2, 0).withNewStatus().withObservedGeneration(2L).endStatus().build();

        assertThat(WorkloadStatus.of(zero).progress().complete()).isTrue();
    }

    @Test
    void stalledOnlyByAProgressDeadlineExceededOfTheCurrentGeneration() {
        var condition = new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet \"web-1\" has timed out progressing.").build();
        Deployment current = web(3, 1).withNewStatus().withObservedGeneration(3L).addToConditions(condition).endStatus().build();
        Deployment previous = web(4, 1).withNewStatus().withObservedGeneration(3L).addToConditions(condition).endStatus().build();
        Deployment progressing = web(3, 1).withNewStatus().withObservedGeneration(3L)
                .addToConditions(new DeploymentConditionBuilder(condition).withStatus("True").withReason("ReplicaSetUpdated").build())
                .endStatus().build();

        assertThat(WorkloadStatus.of(current).stalled())
                .contains("progress deadline exceeded: ReplicaSet \"web-1\" has timed out progressing.");
        assertThat(WorkloadStatus.of(previous).stalled()).isEmpty();
        assertThat(WorkloadStatus.of(progressing).stalled()).isEmpty();
    }
}
