package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.kube.ObjectRef;
import java.util.Map;

/**
 * What {@link Applier} needs to know of an object that exists: whose it is and what Maestro
 * last applied to it.
 *
 * @param ref its identity
 * @param labels its labels
 * @param annotations its annotations
 */
record LiveObject(ObjectRef ref, Map<String, String> labels, Map<String, String> annotations) {

    static LiveObject of(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return new LiveObject(ObjectRef.of(object), labels == null ? Map.of() : Map.copyOf(labels),
                annotations == null ? Map.of() : Map.copyOf(annotations));
    }

    /** Member of this ApplySet: the only objects Maestro ever prunes. */
    boolean isMemberOf(String applySetId) {
        return applySetId.equals(labels.get(ApplySetLabels.APPLYSET_PART_OF));
    }

    /**
     * Maestro may apply to it: a member, or an object labelled {@code managed-by: maestro} that
     * belongs to no other ApplySet (e.g. one whose inventory was lost).
     */
    boolean isMaestros(String applySetId) {
        String partOf = labels.get(ApplySetLabels.APPLYSET_PART_OF);
        return applySetId.equals(partOf)
                || (partOf == null && ApplySetLabels.MANAGER.equals(labels.get(ApplySetLabels.MANAGED_BY)));
    }

    String appliedHash() {
        return annotations.get(ApplySetLabels.APPLIED_HASH);
    }
}
