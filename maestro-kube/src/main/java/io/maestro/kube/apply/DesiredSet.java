package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.maestro.kube.ObjectRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The desired objects of one application environment, checked and prepared for applying: each
 * a copy (the caller's objects are never modified) with its namespace set, the ApplySet label
 * added (on everything but the Namespace, which holds the ApplySet parent and is never pruned),
 * server-owned metadata removed, and the applied-hash annotation added.
 */
final class DesiredSet {

    private final Optional<DesiredObject> namespace;
    private final List<DesiredObject> members;

    private DesiredSet(Optional<DesiredObject> namespace, List<DesiredObject> members) {
        this.namespace = namespace;
        this.members = List.copyOf(members);
    }

    /**
     * @throws IllegalArgumentException when an object lacks apiVersion, kind or name, belongs to
     *     another namespace, is cluster-scoped (other than this namespace), appears twice, or is
     *     a ConfigMap named like the inventory
     */
    static DesiredSet prepare(String namespace, String applySetId, List<? extends HasMetadata> objects,
            KubernetesSerialization serialization) {
        DesiredObject namespaceObject = null;
        List<DesiredObject> members = new ArrayList<>();
        Set<ObjectRef> seen = new HashSet<>();
        for (HasMetadata original : objects) {
            check(original);
            HasMetadata body = serialization.clone(original);
            ObjectMeta meta = body.getMetadata();
            boolean isNamespace = "v1".equals(body.getApiVersion()) && "Namespace".equals(body.getKind());
            if (isNamespace) {
                if (!namespace.equals(meta.getName())) {
                    throw new IllegalArgumentException("expected the Namespace '" + namespace + "', got '" + meta.getName() + "'");
                }
            } else {
                if (!(body instanceof Namespaced) && !(body instanceof GenericKubernetesResource)) {
                    throw new IllegalArgumentException("expected namespaced objects only, got the cluster-scoped "
                            + body.getKind() + " '" + meta.getName() + "'");
                }
                if (meta.getNamespace() != null && !meta.getNamespace().equals(namespace)) {
                    throw new IllegalArgumentException("expected objects of namespace '" + namespace + "', got "
                            + body.getKind() + " '" + meta.getName() + "' in '" + meta.getNamespace() + "'");
                }
                meta.setNamespace(namespace);
                meta.setLabels(with(meta.getLabels(), ApplySetLabels.APPLYSET_PART_OF, applySetId));
            }
            clearServerFields(body);
            Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
            annotations.remove(ApplySetLabels.APPLIED_HASH);
            meta.setAnnotations(annotations.isEmpty() ? null : annotations);
            String hash = AppliedHash.of(body);
            meta.setAnnotations(with(meta.getAnnotations(), ApplySetLabels.APPLIED_HASH, hash));

            ObjectRef ref = ObjectRef.of(body);
            if (ref.group().isEmpty() && "ConfigMap".equals(ref.kind()) && ApplySetLabels.INVENTORY_NAME.equals(ref.name())) {
                throw new IllegalArgumentException("expected no ConfigMap named '" + ApplySetLabels.INVENTORY_NAME
                        + "': the name is reserved for Maestro's inventory");
            }
            if (!seen.add(ref)) {
                throw new IllegalArgumentException("expected each object once, got " + ref + " twice");
            }
            DesiredObject desired = new DesiredObject(ref, body.getApiVersion(), body, hash);
            if (isNamespace) {
                namespaceObject = desired;
            } else {
                members.add(desired);
            }
        }
        return new DesiredSet(Optional.ofNullable(namespaceObject), members);
    }

    private static void check(HasMetadata object) {
        if (object.getApiVersion() == null || object.getKind() == null || object.getMetadata() == null
                || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException("expected apiVersion, kind and metadata.name on every object, got " + object);
        }
    }

    /** What the server owns must not be sent: a stale resourceVersion would turn an apply into a conflict. */
    private static void clearServerFields(HasMetadata body) {
        ObjectMeta meta = body.getMetadata();
        meta.setResourceVersion(null);
        meta.setUid(null);
        meta.setCreationTimestamp(null);
        meta.setGeneration(null);
        meta.setManagedFields(null);
        meta.setSelfLink(null);
        if (body instanceof GenericKubernetesResource generic) {
            generic.getAdditionalProperties().remove("status");
        }
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map == null ? Map.of() : map);
        copy.put(key, value);
        return copy;
    }

    Optional<DesiredObject> namespace() {
        return namespace;
    }

    /** Every object but the Namespace, in the caller's order. */
    List<DesiredObject> members() {
        return members;
    }

    Inventory inventory() {
        Map<ObjectRef, String> apiVersions = new LinkedHashMap<>();
        members.forEach(m -> apiVersions.put(m.ref(), m.apiVersion()));
        return Inventory.of(apiVersions);
    }
}
