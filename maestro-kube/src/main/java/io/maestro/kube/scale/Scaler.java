package io.maestro.kube.scale;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import io.maestro.model.MaestroException;
import java.util.Objects;

/**
 * Changes a Deployment's replica count through its {@code scale} subresource: no redeploy, no
 * other field touched, and the pod template (so the running pods) stays as it is.
 *
 * <p>A scale reads {@code .../scale}, computes the new count (a relative request from the count it
 * read), checks the bounds, and writes {@code .../scale} back with the resourceVersion it read, so
 * a concurrent change (an autoscaler, another user) makes the write fail with 409 rather than be
 * lost; Maestro then reads again and recomputes, up to {@value #ATTEMPTS} times.
 *
 * <pre>{@code
 * ScaleResult result = Scaler.create(client)
 *         .scale("shop-production", "web", ScaleRequest.parse("+2"), new ReplicaBounds(2, 6));
 * }</pre>
 *
 * <p>The caller persists the new count as the service's desired count, so the next deploy renders
 * it and server-side apply does not undo the scale.
 */
public final class Scaler {

    static final int ATTEMPTS = 3;

    private final KubernetesClient client;

    private Scaler(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public static Scaler create(KubernetesClient client) {
        return new Scaler(client);
    }

    /** Scales to exactly {@code replicas}, without bounds. */
    public ScaleResult scale(String namespace, String deployment, int replicas) {
        return scale(namespace, deployment, ScaleRequest.to(replicas), ReplicaBounds.unbounded());
    }

    /**
     * @throws MaestroException when the requested count is outside {@code bounds} (nothing is written)
     * @throws KubeException when the Deployment does not exist or the API server fails the call
     */
    public ScaleResult scale(String namespace, String deployment, ScaleRequest request, ReplicaBounds bounds) {
        ObjectRef ref = new ObjectRef("apps", "Deployment", namespace, deployment);
        RollableScalableResource<Deployment> resource = client.apps().deployments().inNamespace(namespace).withName(deployment);
        for (int attempt = 1; ; attempt++) {
            Scale current = read(resource, ref);
            int previous = current.getSpec() == null || current.getSpec().getReplicas() == null
                    ? 0 : current.getSpec().getReplicas();
            int replicas = request.resolve(previous);
            bounds.check(deployment, request, previous, replicas);
            if (replicas == previous) {
                return new ScaleResult(namespace, deployment, previous, replicas);
            }
            try {
                // Keeps the resourceVersion it read: the write is conditional on nothing having changed since.
                resource.scale(new ScaleBuilder(current).editOrNewSpec().withReplicas(replicas).endSpec().build());
                return new ScaleResult(namespace, deployment, previous, replicas);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw KubeException.of("scale", ref, e);
                }
            }
        }
    }

    private static Scale read(RollableScalableResource<Deployment> resource, ObjectRef ref) {
        try {
            return resource.scale();
        } catch (KubernetesClientException e) {
            throw KubeException.of("read the scale of", ref, e);
        }
    }
}
