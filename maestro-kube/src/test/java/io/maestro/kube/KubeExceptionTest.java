package io.maestro.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeExceptionTest {

    private static final ObjectRef WEB = new ObjectRef("apps", "Deployment", "shop-production", "web");

    @Test
    void carriesTheServersStatusAndNamesTheObject() {
        Status status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1")
                .withNewDetails().addNewCause().withReason("FieldValueInvalid").withField("spec.replicas")
                .withMessage("Invalid value: -1").endCause().endDetails().build();

        KubeException e = KubeException.of("apply", WEB, new KubernetesClientException("Failure executing: PATCH", 422, status));

        assertThat(e.status()).contains(new KubeStatus(422, "Invalid", status.getMessage(),
                List.of(new KubeStatus.Cause("FieldValueInvalid", "spec.replicas", "Invalid value: -1"))));
        assertThat(e.getMessage()).isEqualTo("cannot apply Deployment.apps/web in shop-production: 422 Invalid: "
                + "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1");
        assertThat(e.conflictingManagers()).isEmpty();
        assertThat(e.getCause()).isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void findsTheFieldManagersOfAConflictInTheMessageWhenThereAreNoCauses() {
        Status status = new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("Apply failed with 2 conflicts: conflict with \"helm\": .spec.replicas; conflict with \"kubectl-edit\": .metadata.labels.tier")
                .build();

        KubeException e = KubeException.of("apply", WEB, new KubernetesClientException("Failure", 409, status));

        assertThat(e.conflictingManagers()).containsExactly("helm", "kubectl-edit");
        assertThat(e.getMessage()).endsWith("(fields also managed by \"helm\", \"kubectl-edit\"; apply with force to take "
                + "them over, or remove them from the other manager)");
    }

    @Test
    void saysWhenTheServerCouldNotBeReached() {
        KubernetesClientException failure = new KubernetesClientException("An error has occurred.",
                new ConnectException("Connection refused: localhost/127.0.0.1:6443"));

        KubeException e = KubeException.of("list", null, failure);

        assertThat(e.status()).isEmpty();
        assertThat(e.timedOut()).isFalse();
        assertThat(e.getMessage()).isEqualTo("cannot list: no answer from the Kubernetes API server: Connection refused: localhost/127.0.0.1:6443");
    }

    @Test
    void keepsTheHttpCodeWhenTheAnswerHadNoStatusBody() {
        KubeException e = KubeException.of("read", WEB, new KubernetesClientException("Failure executing: GET", 502, null));

        assertThat(e.status()).map(KubeStatus::summary).contains("502");
        assertThat(e.getMessage()).isEqualTo("cannot read Deployment.apps/web in shop-production: 502");
    }
}
