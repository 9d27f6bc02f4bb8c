package io.maestro.server.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a {@code build_command} or {@code deploy_command} on a cluster as a Kubernetes Job of the
 * service's new image, with the service container's environment (its variables and secret
 * references), before anything is published; waits for it with a deadline and collects its log.
 * A Job that exists already (a resumed deployment) is waited for, not created twice.
 */
final class KubeCommandJob {

    static final int LOG_TAIL = 20;
    private static final Duration POLL = Duration.ofMillis(250);

    private KubeCommandJob() {}

    /** The Job's name: {@code maestro-deploy-web-42}, cut to a DNS label. */
    static String name(String kind, String service, long deploymentId) {
        String suffix = "-" + deploymentId;
        String base = ("maestro-" + kind + "-" + service).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        base = base.substring(0, Math.min(base.length(), 63 - suffix.length()));
        return base.replaceAll("-+$", "") + suffix;
    }

    /**
     * The Job for {@code argv} in the service's container {@code main}: no restarts, no retries,
     * deleted an hour after it finished.
     */
    static Job job(String namespace, String name, String service, Container main, List<String> argv, Duration deadline) {
        Container container = new ContainerBuilder().withName("command").withImage(main.getImage())
                .withImagePullPolicy(main.getImagePullPolicy()).withEnv(main.getEnv()).withEnvFrom(main.getEnvFrom())
                .withWorkingDir(main.getWorkingDir()).withCommand(argv).build();
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/managed-by", "maestro")
                    .addToLabels("maestro.io/service", service)
                    .addToLabels("maestro.io/command", "true")
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(Math.max(1, deadline.toSeconds()))
                    .withTtlSecondsAfterFinished(3600)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("maestro.io/service", service).addToLabels("maestro.io/command", "true")
                        .endMetadata()
                        .withNewSpec().withRestartPolicy("Never").withContainers(container).endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Applies {@code prerequisites} (the namespace, the secrets and config maps the container
     * reads), creates the Job unless it exists, and waits until it succeeded.
     *
     * @throws DeployException when it failed or did not finish before {@code deadline}; the message
     *     holds the last lines of its log
     */
    static void run(KubernetesClient client, List<HasMetadata> prerequisites, Job job, String what, Duration deadline,
            Consumer<String> log) {
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        if (!prerequisites.isEmpty()) {
            // The same server-side apply as the apply step (which re-applies them with everything else).
            io.maestro.kube.apply.Applier.create(client, io.maestro.kube.apply.ApplyOptions.defaults().withForce(true)
                    .withPrune(false)).apply(namespace, prerequisites);
        }
        if (client.batch().v1().jobs().inNamespace(namespace).withName(name).get() == null) {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            log.accept(what + ": job " + name + " started");
        } else {
            log.accept(what + ": job " + name + " exists already (resumed deployment); waiting for it");
        }
        Instant end = Instant.now().plus(deadline);
        while (true) {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            JobStatus status = current == null ? null : current.getStatus();
            if (status != null && (count(status.getSucceeded()) > 0 || condition(status, "Complete"))) {
                logLines(client, namespace, name).forEach(line -> log.accept(what + " | " + line));
                log.accept(what + ": job " + name + " succeeded");
                return;
            }
            if (status != null && (count(status.getFailed()) > 0 || condition(status, "Failed"))) {
                throw failure(client, namespace, name, what + " failed (job " + name + " in " + namespace + ")", log);
            }
            if (Instant.now().isAfter(end)) {
                throw failure(client, namespace, name, what + " did not finish within " + deadline.toSeconds()
                        + " s (job " + name + " in " + namespace + ")", log);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException(DeployException.Reason.CONFLICT, "the control plane stopped while waiting for " + what);
            }
        }
    }

    /** The service's own container in the rendered objects (its Deployment or DaemonSet). */
    static Container container(List<HasMetadata> objects, String service) {
        for (HasMetadata object : objects) {
            io.fabric8.kubernetes.api.model.PodTemplateSpec template = null;
            if (object instanceof io.fabric8.kubernetes.api.model.apps.Deployment d && service.equals(d.getMetadata().getName())) {
                template = d.getSpec().getTemplate();
            } else if (object instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet d && service.equals(d.getMetadata().getName())) {
                template = d.getSpec().getTemplate();
            }
            if (template != null) {
                Container main = DesiredState.mainContainer(template, service);
                if (main != null) {
                    return main;
                }
            }
        }
        throw new DeployException(DeployException.Reason.CONFLICT, "service " + service + " has no rendered workload to run its command in");
    }

    /** What the command's container reads before the workloads exist: the namespace, its secrets and config maps. */
    static List<HasMetadata> prerequisites(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.Namespace
                || o instanceof io.fabric8.kubernetes.api.model.Secret || o instanceof io.fabric8.kubernetes.api.model.ConfigMap)
                .toList();
    }

    private static DeployException failure(KubernetesClient client, String namespace, String name, String message,
            Consumer<String> log) {
        List<String> lines = logLines(client, namespace, name);
        lines.forEach(line -> log.accept(name + " | " + line));
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size());
        return new DeployException(DeployException.Reason.CONFLICT, message
                + (tail.isEmpty() ? "; its pod left no log" : "; last lines of its log:\n" + String.join("\n", tail)));
    }

    /** The log of the Job's pods (empty when there is none, or the cluster keeps no logs). */
    static List<String> logLines(KubernetesClient client, String namespace, String name) {
        List<String> lines = new ArrayList<>();
        try {
            for (Pod pod : client.pods().inNamespace(namespace).withLabel("job-name", name).list().getItems()) {
                String text = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).getLog();
                if (text != null) {
                    text.lines().forEach(lines::add);
                }
            }
        } catch (KubernetesClientException e) {
            lines.add("(log not available: " + e.getMessage() + ")");
        }
        return lines;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static boolean condition(JobStatus status, String type) {
        return status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
