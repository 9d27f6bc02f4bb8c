package io.maestro.model.manifest;

import io.maestro.model.service.DatabaseKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data store component ({@code postgresql}, {@code mysql}, {@code redis}, {@code memcached},
 * {@code rabbitmq}): configuration, placement, and optional named groups.
 *
 * @param kind which store
 * @param configuration the component-level settings
 * @param servers where the (default group's) instance runs; empty means Maestro's default placement
 * @param groups named database groups, file order; empty means one implicit {@code default} group
 */
public record DataStoreComponent(
        DatabaseKind kind,
        DataStoreConfiguration configuration,
        List<ServerRef> servers,
        Map<String, DataStoreGroup> groups) {

    public static final String DEFAULT_GROUP = "default";

    public DataStoreComponent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(configuration, "configuration");
        servers = List.copyOf(servers);
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** A component with defaults only: what a bare {@code databases: [postgresql]} entry means. */
    public static DataStoreComponent defaults(DatabaseKind kind) {
        return new DataStoreComponent(kind, DataStoreConfiguration.EMPTY, List.of(), Map.of());
    }

    /**
     * The in-cluster Kubernetes Service through which services reach {@code group}: the kind
     * ({@code mysql}) for the primary group, {@code <kind>-<group>} ({@code mysql-reporting}) for
     * the others. The validator keeps user services off these names; the renderer creates them.
     */
    public String serviceName(DataStoreGroup group) {
        return group.primary() ? kind.key() : kind.key() + "-" + group.name();
    }

    /**
     * Every group, the primary first. Without {@code groups} there is one, {@code default}, made
     * of the component's own configuration and servers. With groups, the primary is the one named
     * {@code default}, else the first listed.
     */
    public List<DataStoreGroup> effectiveGroups() {
        if (groups.isEmpty()) {
            return List.of(new DataStoreGroup(DEFAULT_GROUP, configuration, servers, true));
        }
        String primary = groups.containsKey(DEFAULT_GROUP) ? DEFAULT_GROUP : groups.keySet().iterator().next();
        List<DataStoreGroup> result = new ArrayList<>();
        DataStoreGroup first = groups.get(primary);
        result.add(new DataStoreGroup(first.name(), first.configuration(), first.servers(), true));
        groups.values().stream().filter(g -> !g.name().equals(primary))
                .map(g -> new DataStoreGroup(g.name(), g.configuration(), g.servers(), false))
                .forEach(result::add);
        return List.copyOf(result);
    }
}
