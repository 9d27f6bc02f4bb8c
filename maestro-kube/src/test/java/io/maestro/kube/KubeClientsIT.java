package io.maestro.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.testing.MockCluster;
import io.maestro.model.MaestroException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Clients from a kubeconfig")
class KubeClientsIT {

    private final MockCluster cluster = MockCluster.start();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                current-context: staging
                clusters:
                - name: prod
                  cluster: {server: "%s"}
                - name: staging
                  cluster: {server: "http://127.0.0.1:9"}
                users:
                - name: deployer
                  user: {token: "t0ken"}
                contexts:
                - name: prod
                  context: {cluster: prod, user: deployer}
                - name: staging
                  context: {cluster: staging, user: deployer}
                """.formatted(cluster.url());
    }

    @Test
    void connectsThroughTheChosenContext() {
        try (KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig(), Optional.of("prod"), Duration.ofSeconds(5))) {
            assertThat(client.getMasterUrl().toString()).isEqualTo(cluster.url());
            assertThat(client.getConfiguration().getRequestTimeout()).isEqualTo(5000);
            assertThat(client.namespaces().list().getItems()).isEmpty();
        }
        assertThat(cluster.api().requests()).extracting(r -> r.path()).containsExactly("/api/v1/namespaces");
    }

    @Test
    void usesTheCurrentContextWhenNoneIsChosen() {
        try (KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig(), Optional.empty(), Duration.ofSeconds(5))) {
            assertThat(client.getMasterUrl().toString()).isEqualTo("http://127.0.0.1:9/");
        }
    }

    @Test
    void rejectsAContextTheKubeconfigDoesNotHave() {
        assertThatThrownBy(() -> KubeClients.fromKubeconfig(kubeconfig(), Optional.of("production"), Duration.ofSeconds(5)))
                .isInstanceOf(MaestroException.class)
                .hasMessage("expected a context of the kubeconfig (prod, staging), got 'production'");
    }

    @Test
    void rejectsTextThatIsNotAKubeconfig() {
        assertThatThrownBy(() -> KubeClients.fromKubeconfig("", Optional.empty(), Duration.ofSeconds(5)))
                .isInstanceOf(MaestroException.class)
                .hasMessageStartingWith("cannot read the kubeconfig");
    }
}
