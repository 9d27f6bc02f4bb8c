package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * build_command / deploy_command as Kubernetes Jobs against the mock API server; the test plays
 * the Job controller by writing the Job's status (succeeded or failed).
 */
class KubeCommandJobIT {

    static MockCluster cluster;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start(Duration.ofSeconds(3));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aDeployCommandRunsAsAJobOfTheNewImageWithTheServiceEnvironmentAndSucceeds() {
        String namespace = namespace();
        Job job = KubeCommandJob.job(namespace, KubeCommandJob.name("deploy", "web", 42), "web", web(),
                List.of("rake", "db:migrate"), Duration.ofSeconds(30));
        Thread controller = playController(namespace, job.getMetadata().getName(), true);

        KubeCommandJob.run(cluster.client(), prerequisites(namespace), job, "deploy_command of web", Duration.ofSeconds(30), log::add);

        Job created = cluster.client().batch().v1().jobs().inNamespace(namespace).withName("maestro-deploy-web-42").get();
        Container container = created.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("127.0.0.1:5000/shop/web:abc123");
        assertThat(container.getCommand()).containsExactly("rake", "db:migrate");
        assertThat(container.getEnv()).extracting(e -> e.getName()).containsExactly("RAILS_ENV", "DATABASE_PASSWORD");
        assertThat(created.getSpec().getBackoffLimit()).isZero();
        assertThat(created.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(cluster.client().secrets().inNamespace(namespace).withName("web-env").get()).isNotNull();
        assertThat(log).contains("deploy_command of web: job maestro-deploy-web-42 started",
                "deploy_command of web: job maestro-deploy-web-42 succeeded");
        join(controller);
    }

    @Test
    void aFailedJobFailsWithItsNameAndAResumedDeploymentWaitsForTheExistingJob() {
        String namespace = namespace();
        Job job = KubeCommandJob.job(namespace, KubeCommandJob.name("deploy", "web", 7), "web", web(),
                List.of("sh", "-c", "exit 1"), Duration.ofSeconds(30));
        Thread controller = playController(namespace, job.getMetadata().getName(), false);

        assertThatThrownBy(() -> KubeCommandJob.run(cluster.client(), prerequisites(namespace), job, "deploy_command of web",
                Duration.ofSeconds(30), log::add))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deploy_command of web failed (job maestro-deploy-web-7 in " + namespace + ")");
        join(controller);

        // Run again (a resumed deployment): the Job is not created twice and its outcome stands.
        assertThatThrownBy(() -> KubeCommandJob.run(cluster.client(), prerequisites(namespace), job, "deploy_command of web",
                Duration.ofSeconds(30), log::add)).hasMessageContaining("failed");
        assertThat(log).contains("deploy_command of web: job maestro-deploy-web-7 exists already (resumed deployment); waiting for it");
    }

    @Test
    void aJobThatNeverFinishesFailsAtTheDeadline() {
        String namespace = namespace();
        Job job = KubeCommandJob.job(namespace, KubeCommandJob.name("build", "web", 9), "web", web(),
                List.of("sleep", "3600"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> KubeCommandJob.run(cluster.client(), prerequisites(namespace), job, "build_command of web",
                Duration.ofSeconds(1), log::add))
                .hasMessageContaining("build_command of web did not finish within 1 s");
    }

    @Test
    void jobNamesAreDnsLabelsEndingInTheDeploymentId() {
        String name = KubeCommandJob.name("deploy", "a-very-long-service-name-that-goes-on-and-on-and-on-forever", 123456);
        assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-123456").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    private Thread playController(String namespace, String name, boolean succeed) {
        return Thread.ofVirtual().start(() -> {
            KubernetesClient client = cluster.client();
            for (int i = 0; i < 200; i++) {
                try {
                    Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
                    if (current != null) {
                        current.setStatus(succeed ? new JobStatusBuilder().withSucceeded(1).build()
                                : new JobStatusBuilder().withFailed(1).build());
                        client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
                        return;
                    }
                } catch (RuntimeException e) {
                    // a write that raced another one (a stale resourceVersion): read and try again
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String namespace() {
        return "shop-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    }

    private static List<HasMetadata> prerequisites(String namespace) {
        return List.of(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build(),
                new SecretBuilder().withNewMetadata().withName("web-env").withNamespace(namespace).endMetadata()
                        .addToStringData("DATABASE_PASSWORD", "s3cret").build());
    }

    private static Container web() {
        return new ContainerBuilder().withName("web").withImage("127.0.0.1:5000/shop/web:abc123")
                .addNewEnv().withName("RAILS_ENV").withValue("production").endEnv()
                .addNewEnv().withName("DATABASE_PASSWORD").withNewValueFrom().withNewSecretKeyRef("DATABASE_PASSWORD", "web-env", false)
                .endValueFrom().endEnv()
                .build();
    }
}
