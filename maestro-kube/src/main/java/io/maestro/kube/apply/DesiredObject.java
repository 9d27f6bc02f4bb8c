package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.kube.ObjectRef;

/**
 * One object as Maestro will apply it: a private copy carrying the ApplySet label and the
 * applied-hash annotation.
 *
 * @param ref its identity
 * @param apiVersion its apiVersion (kept in the inventory)
 * @param body the body to send
 * @param hash the value of {@link ApplySetLabels#APPLIED_HASH} in {@code body}
 */
record DesiredObject(ObjectRef ref, String apiVersion, HasMetadata body, String hash) {

    boolean isNamespace() {
        return ref.group().isEmpty() && "Namespace".equals(ref.kind());
    }
}
