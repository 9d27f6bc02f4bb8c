package io.maestro.kube.apply;

import io.maestro.kube.ObjectRef;
import java.util.List;

/**
 * The outcome of one {@link Applier#apply}: what happened to every object, in the order it
 * happened (Namespace, then the desired objects in order, then pruned objects).
 *
 * @param namespace the application environment's namespace
 * @param applySetId the ApplySet id (see {@link ApplySetLabels#applySetId})
 * @param changes one entry per object considered
 * @param inventoryWrites how many times the inventory ConfigMap was written (0, 1 or 2)
 */
public record ApplyReport(String namespace, String applySetId, List<ObjectChange> changes, int inventoryWrites) {

    public ApplyReport {
        changes = List.copyOf(changes);
    }

    /** The objects that got the given action. */
    public List<ObjectRef> objects(ObjectChange.Action action) {
        return changes.stream().filter(c -> c.action() == action).map(ObjectChange::object).toList();
    }

    /** True when nothing was written: not an object, not the inventory. */
    public boolean unchanged() {
        return inventoryWrites == 0 && changes.stream().noneMatch(c -> c.action().wrote());
    }
}
