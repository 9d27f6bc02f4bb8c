package io.maestro.hosts.component;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.InjectedVariables;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where each data store group of an application environment runs, from the manifest alone
 * (pure: no I/O). A store listed only in service.yml's {@code databases} gets the defaults; a
 * group's first {@code servers} entry decides: a server definition ({@link Placement.Dedicated}),
 * {@code same_as} followed to a definition anywhere in the environment ({@link Placement.CoLocated}),
 * {@code external} ({@link Placement.External}); no entry means {@link Placement.DefaultServer}.
 *
 * <pre>{@code
 * PlacementPlan plan = PlacementPlanner.plan(definition, "production");
 * for (PlannedComponent c : plan.components()) { ... c.placement() ... }
 * }</pre>
 */
public final class PlacementPlanner {

    /** The engines the drivers provision; other declared stores are listed in {@link PlacementPlan#withoutDriver()}. */
    public static final Set<DatabaseKind> DRIVEN =
            Set.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL, DatabaseKind.REDIS, DatabaseKind.MEMCACHED);

    /**
     * The plan of one environment.
     *
     * @param components every group to provision or record, in {@link InjectedVariables#dataStores} order
     * @param withoutDriver declared stores no driver provisions yet (reported, not placed)
     */
    public record PlacementPlan(List<PlannedComponent> components, List<DatabaseKind> withoutDriver) {
        public PlacementPlan {
            components = List.copyOf(components);
            withoutDriver = List.copyOf(withoutDriver);
        }
    }

    private PlacementPlanner() {
    }

    /**
     * @throws PlacementException when a {@code same_as} leads nowhere or in a circle (validation
     *     reports both first, so this only happens with an unvalidated definition)
     */
    public static PlacementPlan plan(AppDefinition definition, String environment) {
        EnvironmentManifest manifest = definition.manifest().forEnvironment(environment);
        Map<String, ServerRef> byName = serversByName(manifest);
        List<PlannedComponent> components = new ArrayList<>();
        List<DatabaseKind> withoutDriver = new ArrayList<>();
        for (DataStoreComponent store : InjectedVariables.dataStores(definition, environment)) {
            if (!DRIVEN.contains(store.kind())) {
                withoutDriver.add(store.kind());
                continue;
            }
            boolean explicitGroups = !store.groups().isEmpty();
            for (DataStoreGroup group : store.effectiveGroups()) {
                int port = group.configuration().optionalPort()
                        .or(() -> store.configuration().optionalPort())
                        .orElse(store.kind().defaultPort());
                Placement placement = group.servers().isEmpty()
                        ? new Placement.DefaultServer()
                        : place(group.servers().get(0), port, byName, store.kind(), group.name());
                if (placement instanceof Placement.External external) {
                    port = external.port();
                }
                components.add(new PlannedComponent(store.kind(), group.name(), group.primary(), explicitGroups, port,
                        group.configuration(), placement));
            }
        }
        return new PlacementPlan(components, withoutDriver);
    }

    private static Placement place(ServerRef ref, int port, Map<String, ServerRef> byName, DatabaseKind kind, String group) {
        return switch (ref) {
            case ServerRef.Server server -> new Placement.Dedicated(server.uniqueName(), server);
            case ServerRef.External external -> new Placement.External(external.optionalAddress(),
                    Optional.ofNullable(external.port()).orElse(port));
            case ServerRef.SameAs sameAs -> follow(sameAs, byName, kind.key() + " group '" + group + "'");
        };
    }

    /**
     * Follows {@code same_as} from {@code start} through the environment's named server entries
     * (of every component) to the server definition it reaches; for components other than data
     * stores, such as the load_balancer.
     *
     * @param subject who is being placed, for the error ({@code load_balancer})
     * @throws PlacementException when the chain leads nowhere, in a circle, or to an external server
     */
    public static Placement.CoLocated followSameAs(EnvironmentManifest manifest, ServerRef.SameAs start, String subject) {
        return follow(start, serversByName(manifest), subject);
    }

    private static Placement.CoLocated follow(ServerRef.SameAs start, Map<String, ServerRef> byName, String subject) {
        List<String> via = new ArrayList<>();
        String name = start.target();
        while (true) {
            if (via.contains(name)) {
                via.add(name);
                throw new PlacementException(subject + ": same_as goes in a circle: "
                        + String.join(" -> ", via));
            }
            via.add(name);
            ServerRef target = byName.get(name);
            if (target == null) {
                throw new PlacementException(subject + ": same_as names '" + name
                        + "', which is no server of this environment (known: " + byName.keySet() + ")");
            }
            switch (target) {
                case ServerRef.Server server -> {
                    return new Placement.CoLocated(server.uniqueName(), server, via);
                }
                case ServerRef.SameAs hop -> name = hop.target();
                case ServerRef.External external -> throw new PlacementException(subject
                        + ": same_as names '" + name + "', which is external");
            }
        }
    }

    /** Every named server entry of the environment: definitions by unique_name, same_as entries by their alias. */
    private static Map<String, ServerRef> serversByName(EnvironmentManifest manifest) {
        List<ServerRef> all = new ArrayList<>();
        manifest.optionalDocker().ifPresent(docker -> all.addAll(docker.servers()));
        manifest.optionalLoadBalancer().ifPresent(lb -> all.addAll(lb.servers()));
        for (DataStoreComponent store : manifest.dataStores().values()) {
            all.addAll(store.servers());
            store.groups().values().forEach(g -> all.addAll(g.servers()));
        }
        Map<String, ServerRef> byName = new LinkedHashMap<>();
        for (ServerRef ref : all) {
            switch (ref) {
                case ServerRef.Server server when !server.uniqueName().isEmpty() -> byName.putIfAbsent(server.uniqueName(), server);
                case ServerRef.SameAs sameAs when sameAs.alias() != null -> byName.putIfAbsent(sameAs.alias(), sameAs);
                default -> { }
            }
        }
        return byName;
    }
}
