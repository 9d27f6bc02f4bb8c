package io.maestro.kube.apply;

import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The members of an application environment's ApplySet, as stored in the inventory ConfigMap:
 * one line per object, {@code Kind.group/name apiVersion}, sorted, e.g.
 *
 * <pre>
 * ConfigMap/web-config v1
 * Deployment.apps/web apps/v1
 * Ingress.networking.k8s.io/web networking.k8s.io/v1
 * </pre>
 *
 * The apiVersion is kept so an object that left the definition can still be addressed for
 * pruning; identity ({@link ObjectRef}) ignores it.
 */
final class Inventory {

    static final Comparator<ObjectRef> ORDER = Comparator.comparing(ObjectRef::groupKind).thenComparing(ObjectRef::name);

    private final Map<ObjectRef, String> apiVersions;

    private Inventory(Map<ObjectRef, String> apiVersions) {
        TreeMap<ObjectRef, String> sorted = new TreeMap<>(ORDER);
        sorted.putAll(apiVersions);
        this.apiVersions = Collections.unmodifiableMap(sorted);
    }

    static Inventory empty() {
        return new Inventory(Map.of());
    }

    static Inventory of(Map<ObjectRef, String> apiVersions) {
        return new Inventory(apiVersions);
    }

    /** Reads the stored text; a line that cannot be read stops the apply: pruning must never guess. */
    static Inventory parse(String namespace, String text) {
        Map<ObjectRef, String> members = new TreeMap<>(ORDER);
        if (text == null) {
            return empty();
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            ObjectRef ref = parseLine(namespace, line);
            if (ref == null) {
                throw new KubeException("cannot read the inventory ConfigMap " + ApplySetLabels.INVENTORY_NAME
                        + " in " + namespace + ": line " + (i + 1) + ": expected 'Kind.group/name apiVersion', got '"
                        + line + "'; fix or delete the line (objects it names will no longer be pruned)", null);
            }
            members.put(ref, line.substring(line.lastIndexOf(' ') + 1));
        }
        return new Inventory(members);
    }

    private static ObjectRef parseLine(String namespace, String line) {
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        int slash = parts[0].indexOf('/');
        if (slash <= 0 || slash == parts[0].length() - 1) {
            return null;
        }
        String groupKind = parts[0].substring(0, slash);
        String name = parts[0].substring(slash + 1);
        int dot = groupKind.indexOf('.');
        String kind = dot < 0 ? groupKind : groupKind.substring(0, dot);
        String group = dot < 0 ? "" : groupKind.substring(dot + 1);
        if (kind.isEmpty() || !group.equals(ObjectRef.groupOf(parts[1]))) {
            return null;
        }
        return new ObjectRef(group, kind, namespace, name);
    }

    String format() {
        StringBuilder text = new StringBuilder();
        apiVersions.forEach((ref, apiVersion) ->
                text.append(ref.groupKind()).append('/').append(ref.name()).append(' ').append(apiVersion).append('\n'));
        return text.toString();
    }

    /** Every member of both, with {@code newer}'s apiVersion where both have an object. */
    Inventory union(Inventory newer) {
        Map<ObjectRef, String> all = new TreeMap<>(ORDER);
        all.putAll(apiVersions);
        all.putAll(newer.apiVersions);
        return new Inventory(all);
    }

    Set<ObjectRef> refs() {
        return apiVersions.keySet();
    }

    String apiVersion(ObjectRef ref) {
        return apiVersions.get(ref);
    }

    boolean contains(ObjectRef ref) {
        return apiVersions.containsKey(ref);
    }

    /** The {@code Kind.group} of every member, sorted and comma-separated (ApplySet's annotation). */
    String groupKinds() {
        return apiVersions.keySet().stream().map(ObjectRef::groupKind)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Inventory that && apiVersions.equals(that.apiVersions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiVersions);
    }

    @Override
    public String toString() {
        return format();
    }
}
