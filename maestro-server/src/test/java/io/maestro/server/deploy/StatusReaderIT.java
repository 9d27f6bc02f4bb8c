package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.maestro.kube.testing.MockCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StatusReader} against the mock API server: Deployments and DaemonSets side by side. */
class StatusReaderIT {

    @Test
    void aDaemonSetIsListedWithItsScheduledReadyUpdatedAndAvailableCounts() {
        try (MockCluster cluster = MockCluster.start()) {
            var client = cluster.client();
            String ns = "shop-production";
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("web")
                    .withImage("acme/web:1.0").endContainer().endSpec().endTemplate().endSpec().build()).create();
            DaemonSet agent = client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
                    .withNewMetadata().withName("agent").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("agent")
                    .withImage("acme/agent:2.1").endContainer().endSpec().endTemplate().endSpec().build()).create();
            agent.setStatus(new DaemonSetStatusBuilder().withDesiredNumberScheduled(3).withNumberReady(2)
                    .withUpdatedNumberScheduled(1).withNumberAvailable(2).withCurrentNumberScheduled(3)
                    .withNumberMisscheduled(0).build());
            client.apps().daemonSets().inNamespace(ns).resource(agent).updateStatus();

            List<EnvironmentStatus.ServiceStatus> services = StatusReader.services(client, ns);

            assertThat(services).extracting(EnvironmentStatus.ServiceStatus::name).containsExactly("agent", "web");
            EnvironmentStatus.ServiceStatus daemon = services.get(0);
            assertThat(List.of(daemon.desired(), daemon.ready(), daemon.updated(), daemon.available()))
                    .containsExactly(3, 2, 1, 2);
            assertThat(daemon.images()).containsExactly("acme/agent:2.1");
            assertThat(services.get(1).desired()).isEqualTo(2);
        }
    }

    @Test
    void aDaemonSetWithoutStatusYetCountsZero() {
        try (MockCluster cluster = MockCluster.start()) {
            var client = cluster.client();
            client.apps().daemonSets().inNamespace("ns").resource(new DaemonSetBuilder()
                    .withNewMetadata().withName("agent").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("agent")
                    .withImage("acme/agent:2.1").endContainer().endSpec().endTemplate().endSpec().build()).create();

            EnvironmentStatus.ServiceStatus daemon = StatusReader.services(client, "ns").get(0);

            assertThat(List.of(daemon.desired(), daemon.ready(), daemon.updated(), daemon.available()))
                    .containsExactly(0, 0, 0, 0);
        }
    }
}
