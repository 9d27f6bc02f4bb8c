package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import java.util.List;
import java.util.Optional;

/**
 * The API calls {@link Applier} makes, each failure wrapped in a {@link KubeException} naming
 * the object.
 *
 * <p>An apply is {@code PATCH <object URL>?fieldManager=<manager>[&force=true]} with
 * {@code Content-Type: application/apply-patch+yaml} and the object as body (JSON is YAML): the
 * server creates the object when absent and otherwise merges the fields this manager owns.
 */
final class ServerSideApply {

    private final KubernetesClient client;
    private final ApplyOptions options;

    ServerSideApply(KubernetesClient client, ApplyOptions options) {
        this.client = client;
        this.options = options;
    }

    void apply(ObjectRef ref, HasMetadata body) {
        PatchContext context = new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(options.fieldManager())
                // Left out rather than false when not forcing: the server's default is no force.
                .withForce(options.force() ? Boolean.TRUE : null)
                .build();
        try {
            client.resource(body).patch(context);
        } catch (KubernetesClientException e) {
            throw KubeException.of("apply", ref, e);
        }
    }

    /** The live object, or empty when it does not exist. */
    Optional<GenericKubernetesResource> get(ObjectRef ref, String apiVersion) {
        try {
            return Optional.ofNullable(generic(apiVersion, ref).get());
        } catch (KubernetesClientException e) {
            throw KubeException.of("read", ref, e);
        }
    }

    /** Every object of one kind in the namespace (Maestro's and anyone else's). */
    List<GenericKubernetesResource> list(String namespace, String apiVersion, String kind) {
        try {
            return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            throw KubeException.of("list", new ObjectRef(ObjectRef.groupOf(apiVersion), kind, namespace, "*"), e);
        }
    }

    /** Deletes in the background (dependents such as ReplicaSets and Pods follow); false when already gone. */
    boolean delete(ObjectRef ref, String apiVersion) {
        try {
            return !generic(apiVersion, ref)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete().isEmpty();
        } catch (KubernetesClientException e) {
            throw KubeException.of("delete", ref, e);
        }
    }

    private Resource<GenericKubernetesResource> generic(String apiVersion, ObjectRef ref) {
        var operation = client.genericKubernetesResources(apiVersion, ref.kind());
        return ref.namespace() == null
                ? operation.withName(ref.name())
                : operation.inNamespace(ref.namespace()).withName(ref.name());
    }
}
