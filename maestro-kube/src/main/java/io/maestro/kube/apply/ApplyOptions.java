package io.maestro.kube.apply;

import java.util.Objects;

/**
 * How {@link Applier} applies.
 *
 * @param fieldManager the server-side-apply field manager, {@code maestro} by default
 * @param force take over fields another manager owns instead of failing with 409 Conflict
 * @param prune delete objects of the previous inventory that left the desired set
 * @param reapplyUnchanged write every object even when its {@link ApplySetLabels#APPLIED_HASH}
 *     matches: repairs objects changed out of band (the hash only detects changes of the desired
 *     state, not of the live one)
 */
public record ApplyOptions(String fieldManager, boolean force, boolean prune, boolean reapplyUnchanged) {

    public ApplyOptions {
        Objects.requireNonNull(fieldManager, "fieldManager");
        if (fieldManager.isBlank()) {
            throw new IllegalArgumentException("fieldManager must not be blank");
        }
    }

    /** Field manager {@code maestro}, no force, prune, skip unchanged objects. */
    public static ApplyOptions defaults() {
        return new ApplyOptions("maestro", false, true, false);
    }

    public ApplyOptions withForce(boolean value) {
        return new ApplyOptions(fieldManager, value, prune, reapplyUnchanged);
    }

    public ApplyOptions withPrune(boolean value) {
        return new ApplyOptions(fieldManager, force, value, reapplyUnchanged);
    }

    public ApplyOptions withReapplyUnchanged(boolean value) {
        return new ApplyOptions(fieldManager, force, prune, value);
    }
}
