package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import io.maestro.kube.apply.ObjectChange.Action;
import io.maestro.plan.kube.KubernetesRenderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the desired objects of one application environment to its namespace with
 * server-side apply, skipping unchanged objects and pruning the ones that left.
 *
 * <p>One {@link #apply} runs these steps; only steps 3 to 6 write:
 * <ol>
 *   <li>read: the Namespace, the inventory ConfigMap {@value ApplySetLabels#INVENTORY_NAME}, and
 *       every object of each desired kind in the namespace (one list per kind);</li>
 *   <li>refuse, before writing anything, when a desired object's name is taken by an object that
 *       is not Maestro's (see {@link ObjectChange.Action#KEPT_NOT_OWNED});</li>
 *   <li>apply the Namespace (unless it exists and is not Maestro's), then record the union of the
 *       previous and the desired members in the inventory, so a crash mid-apply never loses track of
 *       an object;</li>
 *   <li>apply each desired object in the given order, unless the live object's
 *       {@value ApplySetLabels#APPLIED_HASH} equals the desired hash: a redeploy of an unchanged
 *       definition sends no write at all;</li>
 *   <li>prune: delete each member of the previous inventory that left the desired set, when it
 *       still carries this ApplySet's label; anything else is never touched;</li>
 *   <li>record the desired members in the inventory.</li>
 * </ol>
 * The inventory is only written when its content changes.
 *
 * <pre>{@code
 * List<HasMetadata> objects = KubernetesRenderer.render(app, new RenderOptions("shop", "production", true));
 * ApplyReport report = Applier.create(client, ApplyOptions.defaults().withForce(true))
 *         .apply("shop-production", objects);
 * report.objects(ObjectChange.Action.CREATED);
 * }</pre>
 *
 * <p>Calls are sequential: the order matters (a Secret before the Deployment that mounts it) and
 * a no-op redeploy costs only reads. Not thread-safe for the same namespace: the control plane
 * holds one deployment lock per application environment.
 */
public final class Applier {

    private final KubernetesClient client;
    private final ApplyOptions options;
    private final ServerSideApply api;

    private Applier(KubernetesClient client, ApplyOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.api = new ServerSideApply(client, options);
    }

    /** An applier with {@link ApplyOptions#defaults()}. */
    public static Applier create(KubernetesClient client) {
        return new Applier(client, ApplyOptions.defaults());
    }

    public static Applier create(KubernetesClient client, ApplyOptions options) {
        return new Applier(client, options);
    }

    /**
     * Makes {@code namespace} hold {@code desired}.
     *
     * @param namespace the application environment's namespace
     * @param desired the Namespace object (optional, applied first) and the namespaced objects,
     *     in the order to apply them (the renderer's order); never modified
     * @return what happened to every object
     * @throws KubeException when the API server refuses or fails a call, or a desired object's
     *     name is taken by an object that is not Maestro's
     * @throws IllegalArgumentException when {@code desired} holds an object of another namespace,
     *     a cluster-scoped object other than the Namespace, or an object twice
     */
    public ApplyReport apply(String namespace, List<? extends HasMetadata> desired) {
        String applySetId = ApplySetLabels.applySetId(namespace);
        DesiredSet desiredSet = DesiredSet.prepare(namespace, applySetId, desired, client.getKubernetesSerialization());
        InventoryStore inventoryStore = new InventoryStore(client, api, namespace, applySetId);

        // Read everything first: a refusal must come before the first write.
        Optional<LiveObject> liveNamespace = desiredSet.namespace()
                .flatMap(ns -> api.get(ns.ref(), ns.apiVersion()).map(LiveObject::of));
        Inventory previous = inventoryStore.read();
        Map<ObjectRef, LiveObject> live = readLive(namespace, desiredSet);
        refuseForeignObjects(desiredSet, live, applySetId);

        List<ObjectChange> changes = new ArrayList<>();
        desiredSet.namespace().ifPresent(ns -> changes.add(applyNamespace(ns, liveNamespace)));

        int inventoryWrites = 0;
        Inventory target = desiredSet.inventory();
        Inventory union = previous.union(target);
        if (!union.equals(previous)) {
            inventoryStore.write(union);
            inventoryWrites++;
        }

        for (DesiredObject object : desiredSet.members()) {
            changes.add(applyMember(object, live.get(object.ref()), applySetId));
        }

        // Without prune the leaving objects stay in the inventory, so a later prune still finds them.
        if (options.prune()) {
            changes.addAll(prune(previous, target, applySetId));
            if (!target.equals(union)) {
                inventoryStore.write(target);
                inventoryWrites++;
            }
        }
        return new ApplyReport(namespace, applySetId, changes, inventoryWrites);
    }

    private record Kind(String apiVersion, String kind) {}

    private Map<ObjectRef, LiveObject> readLive(String namespace, DesiredSet desiredSet) {
        Set<Kind> kinds = new LinkedHashSet<>();
        desiredSet.members().forEach(object -> kinds.add(new Kind(object.apiVersion(), object.ref().kind())));
        Map<ObjectRef, LiveObject> live = new HashMap<>();
        for (Kind kind : kinds) {
            api.list(namespace, kind.apiVersion(), kind.kind()).forEach(o -> {
                LiveObject object = LiveObject.of(o);
                live.put(object.ref(), object);
            });
        }
        return live;
    }

    private static void refuseForeignObjects(DesiredSet desiredSet, Map<ObjectRef, LiveObject> live, String applySetId) {
        List<ObjectRef> taken = desiredSet.members().stream()
                .map(DesiredObject::ref)
                .filter(ref -> live.containsKey(ref) && !live.get(ref).isMaestros(applySetId))
                .toList();
        if (!taken.isEmpty()) {
            boolean one = taken.size() == 1;
            throw new KubeException("cannot apply: "
                    + String.join(", ", taken.stream().map(ObjectRef::toString).toList())
                    + (one ? " already exists and is" : " already exist and are")
                    + " not managed by Maestro (expected the label " + ApplySetLabels.MANAGED_BY + "="
                    + ApplySetLabels.MANAGER + "); nothing was changed: rename the service or remove "
                    + (one ? "the object" : "the objects"), taken.get(0));
        }
    }

    private ObjectChange applyNamespace(DesiredObject namespace, Optional<LiveObject> live) {
        if (live.isPresent()) {
            Map<String, String> labels = live.get().labels();
            if (!ApplySetLabels.MANAGER.equals(labels.get(ApplySetLabels.MANAGED_BY))) {
                // A namespace prepared by a cluster admin (quotas, policies): deploy into it, never edit it.
                return new ObjectChange(namespace.ref(), Action.KEPT_NOT_OWNED);
            }
            if (!options.reapplyUnchanged() && namespace.hash().equals(live.get().appliedHash())) {
                return new ObjectChange(namespace.ref(), Action.UNCHANGED);
            }
        }
        api.apply(namespace.ref(), namespace.body());
        return new ObjectChange(namespace.ref(), live.isPresent() ? Action.CONFIGURED : Action.CREATED);
    }

    private ObjectChange applyMember(DesiredObject object, LiveObject live, String applySetId) {
        // The membership check re-applies an object whose ApplySet label was removed out of band.
        if (live != null && !options.reapplyUnchanged() && object.hash().equals(live.appliedHash())
                && live.isMemberOf(applySetId)) {
            return new ObjectChange(object.ref(), Action.UNCHANGED);
        }
        api.apply(object.ref(), object.body());
        return new ObjectChange(object.ref(), live == null ? Action.CREATED : Action.CONFIGURED);
    }

    private List<ObjectChange> prune(Inventory previous, Inventory target, String applySetId) {
        List<ObjectRef> leaving = previous.refs().stream()
                .filter(ref -> !target.contains(ref))
                .sorted(PRUNE_ORDER)
                .toList();
        List<ObjectChange> changes = new ArrayList<>();
        for (ObjectRef ref : leaving) {
            String apiVersion = previous.apiVersion(ref);
            Optional<LiveObject> live = api.get(ref, apiVersion).map(LiveObject::of);
            if (live.isEmpty()) {
                continue;   // already gone: nothing to report, nothing to write
            }
            if (!live.get().isMemberOf(applySetId)) {
                changes.add(new ObjectChange(ref, Action.KEPT_NOT_OWNED));
                continue;
            }
            if (api.delete(ref, apiVersion)) {
                changes.add(new ObjectChange(ref, Action.PRUNED));
            }
        }
        return changes;
    }

    /** Dependents first: an Ingress before its Service, a Deployment before the Secret it mounts. */
    private static final Comparator<ObjectRef> PRUNE_ORDER = Comparator
            .comparingInt((ObjectRef ref) -> -kindRank(ref.kind()))
            .thenComparing(ObjectRef::name);

    private static int kindRank(String kind) {
        int rank = KubernetesRenderer.KIND_ORDER.indexOf(kind);
        return rank < 0 ? KubernetesRenderer.KIND_ORDER.size() : rank;
    }
}
