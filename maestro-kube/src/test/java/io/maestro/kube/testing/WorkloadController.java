package io.maestro.kube.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Plays the Deployment and DaemonSet controllers (and the kubelet) for tests: writes the
 * {@code status} a real controller would, through the status subresource ({@code updateStatus()}),
 * and creates the pods and events a failing rollout leaves behind.
 */
public final class WorkloadController {

    private final KubernetesClient client;
    private final String namespace;

    public WorkloadController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The rollout of the current generation is done: every desired replica updated, ready and available. */
    public void rollOut(String deployment) {
        Deployment d = deployment(deployment);
        int desired = desired(d);
        progress(deployment, desired, desired, desired, 0);
    }

    /** The controller has seen the current generation and reports these counts ({@code old}: old pods still there). */
    public void progress(String deployment, int updated, int ready, int available, int old) {
        Deployment d = deployment(deployment);
        writeStatus(d, new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(updated + old).withUpdatedReplicas(updated)
                .withReadyReplicas(ready + old).withAvailableReplicas(available + old)
                .withUnavailableReplicas(Math.max(0, desired(d) - available))
                .addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                        .withReason("ReplicaSetUpdated").withMessage("ReplicaSet \"" + deployment + "-7c9d\" is progressing.").build())
                .build());
    }

    /** A complete-looking status that belongs to an older generation than the current spec. */
    public void staleStatus(String deployment) {
        Deployment d = deployment(deployment);
        int desired = desired(d);
        writeStatus(d, new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration() - 1)
                .withReplicas(desired).withUpdatedReplicas(desired).withReadyReplicas(desired).withAvailableReplicas(desired)
                .build());
    }

    /** The controller gave up: {@code Progressing=False}, reason {@code ProgressDeadlineExceeded}. */
    public void exceedProgressDeadline(String deployment, long observedGeneration) {
        Deployment d = deployment(deployment);
        writeStatus(d, new DeploymentStatusBuilder()
                .withObservedGeneration(observedGeneration)
                .withReplicas(desired(d)).withUpdatedReplicas(desired(d)).withReadyReplicas(0).withAvailableReplicas(0)
                .withUnavailableReplicas(desired(d))
                .addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"" + deployment + "-7c9d\" has timed out progressing.").build())
                .build());
    }

    public void exceedProgressDeadline(String deployment) {
        exceedProgressDeadline(deployment, deployment(deployment).getMetadata().getGeneration());
    }

    /** A pod of the deployment whose container exits 1 and is in CrashLoopBackOff, with the kubelet's BackOff event. */
    public void crashingPod(String deployment, String pod) {
        createPod(deployment, pod, new ContainerStatusBuilder()
                .withName(deployment).withImage("acme/" + deployment + ":broken").withReady(false).withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 2m40s restarting failed container=" + deployment + " pod=" + pod).endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2026-01-01T10:00:00Z").endTerminated().endLastState()
                .build());
        event("Pod", pod, "BackOff", "Back-off restarting failed container " + deployment + " in pod " + pod, 5);
    }

    /** A pod whose image cannot be pulled. */
    public void imagePullBackOffPod(String deployment, String pod) {
        createPod(deployment, pod, new ContainerStatusBuilder()
                .withName(deployment).withImage("acme/" + deployment + ":nope").withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"acme/" + deployment + ":nope\"").endWaiting().endState()
                .build());
        event("Pod", pod, "Failed", "Failed to pull image \"acme/" + deployment + ":nope\": not found", 3);
    }

    /** A warning event about any object, as the controllers and the kubelet record them. */
    public void event(String kind, String name, String reason, String message, int count) {
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(name + "." + reason.toLowerCase()).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(name).withNamespace(namespace).endInvolvedObject()
                .withType("Warning").withReason(reason).withMessage(message).withCount(count)
                .withLastTimestamp("2026-01-01T10:00:0" + Math.min(count, 9) + "Z")
                .build()).create();
    }

    /** The DaemonSet runs the current generation on every one of {@code nodes} nodes. */
    public void rollOutDaemonSet(String name, int nodes) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
        ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(nodes).withCurrentNumberScheduled(nodes).withUpdatedNumberScheduled(nodes)
                .withNumberReady(nodes).withNumberAvailable(nodes).build());
        client.apps().daemonSets().resource(ds).updateStatus();
    }

    private void createPod(String deployment, String pod, io.fabric8.kubernetes.api.model.ContainerStatus status) {
        Map<String, String> labels = deployment(deployment).getSpec().getSelector().getMatchLabels();
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName(deployment).withImage(status.getImage()).endContainer().endSpec()
                .withNewStatus().withPhase("Running").addToContainerStatuses(status)
                .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus()
                .build()).create();
    }

    private Deployment deployment(String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null) {
            throw new AssertionError("no Deployment " + name + " in " + namespace);
        }
        return d;
    }

    private static int desired(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private void writeStatus(Deployment d, DeploymentStatus status) {
        d.setStatus(status);
        client.apps().deployments().resource(d).updateStatus();
    }
}
