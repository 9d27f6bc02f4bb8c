package io.maestro.kube.apply;

import io.maestro.kube.ObjectRef;
import java.util.Locale;

/**
 * What {@link Applier} did to one object.
 *
 * @param object the object
 * @param action what happened to it
 */
public record ObjectChange(ObjectRef object, Action action) {

    /** What happened to an object. */
    public enum Action {
        /** Did not exist; applied. */
        CREATED,
        /** Existed with a different applied hash; applied. */
        CONFIGURED,
        /** Existed with the same applied hash; no request sent. */
        UNCHANGED,
        /** Listed in the previous inventory, left the desired set, carried Maestro's ApplySet label: deleted. */
        PRUNED,
        /**
         * Exists but is not Maestro's (no {@code managed-by: maestro} / ApplySet label): left alone.
         * Happens to a pre-existing Namespace, and to a pruning candidate someone took over.
         */
        KEPT_NOT_OWNED;

        /** True when the action sent a write to the API server. */
        public boolean wrote() {
            return this == CREATED || this == CONFIGURED || this == PRUNED;
        }
    }

    @Override
    public String toString() {
        return action.name().toLowerCase(Locale.ROOT) + " " + object;
    }
}
