package io.maestro.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The identity of a Kubernetes object: API group, kind, namespace and name. The version is not
 * part of it: {@code autoscaling/v1} and {@code autoscaling/v2} HorizontalPodAutoscalers of the
 * same name are the same object.
 *
 * <pre>{@code
 * ObjectRef.of(deployment).toString()   // "Deployment.apps/web in shop-production"
 * }</pre>
 *
 * @param group API group, empty for the core group ({@code v1})
 * @param kind kind, e.g. {@code Deployment}
 * @param namespace namespace, or null for a cluster-scoped object (a Namespace)
 * @param name object name
 */
public record ObjectRef(String group, String kind, String namespace, String name) {

    public ObjectRef {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The reference of a fabric8 object (its apiVersion, kind, namespace and name). */
    public static ObjectRef of(HasMetadata object) {
        return new ObjectRef(groupOf(object.getApiVersion()), object.getKind(),
                object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** The group part of an apiVersion: {@code apps} for {@code apps/v1}, empty for {@code v1}. */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code Kind.group} as kubectl and ApplySet write it: {@code Deployment.apps}, {@code Service}. */
    public String groupKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    @Override
    public String toString() {
        return groupKind() + "/" + name + (namespace == null ? "" : " in " + namespace);
    }
}
