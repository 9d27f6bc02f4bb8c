package io.maestro.plan.kube;

import io.maestro.model.AppDefinition;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One data store group as the cluster sees it: an in-cluster Service name, a port, where the
 * server is (when the manifest says), and the variables injected into every container.
 *
 * @param kind which engine
 * @param group the group name ({@code default} when the manifest declares no groups)
 * @param primary whether this is the primary group (root variables, bare Service name)
 * @param groupsDeclared whether the manifest declares groups (then every group also gets
 *     group-scoped variables such as {@code MYSQL_REPORTING_ADDRESS})
 * @param serviceName the selector-less Service: {@code postgresql}, {@code mysql-reporting}
 * @param port the port clients connect to
 * @param address the server's IP or host name when the manifest gives one, else null
 *     (Maestro provisions the server and fills the endpoints at deploy time)
 */
record DataStoreEndpoint(
        DatabaseKind kind,
        String group,
        boolean primary,
        boolean groupsDeclared,
        String serviceName,
        int port,
        String address) {

    static final String SECRET_PREFIX = "datastore";
    static final String KEY_USERNAME = "username";
    static final String KEY_PASSWORD = "password";
    static final String KEY_DATABASE = "database";

    /** {@code datastore-<kind>[-<group>]}: where the credentials live. */
    String secretName() {
        return Names.suffixed(SECRET_PREFIX, serviceName);
    }

    Optional<String> optionalAddress() {
        return Optional.ofNullable(address);
    }

    /**
     * Variable prefixes: the root one ({@code MYSQL}) for the primary group, plus the
     * group-scoped one ({@code MYSQL_REPORTING}) for every group when groups are declared.
     */
    List<String> envPrefixes() {
        List<String> prefixes = new ArrayList<>();
        if (primary) {
            prefixes.add(kind.envPrefix());
        }
        if (groupsDeclared) {
            prefixes.add(kind.envPrefix() + "_" + group.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return prefixes;
    }

    /**
     * Every supported data store of an environment, in {@link DatabaseKind} order, groups primary
     * first: the manifest's components, plus service.yml {@code databases} entries that the
     * manifest does not configure (with defaults). Kinds Maestro cannot provision yet are skipped
     * (the validator has already warned about them).
     */
    static List<DataStoreEndpoint> of(AppDefinition definition, String environment) {
        EnvironmentManifest manifest = definition.manifest().forEnvironment(environment);
        Map<DatabaseKind, DataStoreComponent> components = new EnumMap<>(DatabaseKind.class);
        definition.services().databases().forEach(kind -> components.put(kind, DataStoreComponent.defaults(kind)));
        components.putAll(manifest.dataStores());
        List<DataStoreEndpoint> endpoints = new ArrayList<>();
        for (DataStoreComponent component : components.values()) {
            if (!component.kind().supported()) {
                continue;
            }
            boolean declared = !component.groups().isEmpty();
            for (DataStoreGroup group : component.effectiveGroups()) {
                endpoints.add(endpoint(component, group, declared, manifest));
            }
        }
        return List.copyOf(endpoints);
    }

    private static DataStoreEndpoint endpoint(
            DataStoreComponent component, DataStoreGroup group, boolean declared, EnvironmentManifest manifest) {
        DatabaseKind kind = component.kind();
        String serviceName = Names.label(component.serviceName(group));
        String address = null;
        Integer externalPort = null;
        for (ServerRef ref : group.servers()) {
            if (ref instanceof ServerRef.External external) {
                externalPort = external.port();
            }
            address = addressOf(ref, manifest);
            if (address != null) {
                break;
            }
        }
        int port = firstNonNull(externalPort, group.configuration().port(), component.configuration().port(),
                kind.defaultPort());
        return new DataStoreEndpoint(kind, group.name(), group.primary(), declared, serviceName, port, address);
    }

    private static String addressOf(ServerRef ref, EnvironmentManifest manifest) {
        return switch (ref) {
            case ServerRef.Server server -> server.address();
            case ServerRef.External external -> external.address();
            case ServerRef.SameAs sameAs -> allServers(manifest).stream()
                    .filter(s -> s.uniqueName().equals(sameAs.target()))
                    .map(ServerRef.Server::address)
                    .filter(a -> a != null)
                    .findFirst().orElse(null);
        };
    }

    /** Every server the environment defines, wherever it is defined ({@code same_as} may point at any). */
    private static List<ServerRef.Server> allServers(EnvironmentManifest manifest) {
        List<ServerRef> refs = new ArrayList<>();
        manifest.optionalDocker().ifPresent(d -> refs.addAll(d.servers()));
        manifest.optionalLoadBalancer().ifPresent(lb -> refs.addAll(lb.servers()));
        for (DataStoreComponent component : manifest.dataStores().values()) {
            refs.addAll(component.servers());
            component.groups().values().forEach(g -> refs.addAll(g.servers()));
        }
        return refs.stream().filter(ServerRef.Server.class::isInstance).map(ServerRef.Server.class::cast).toList();
    }

    private static int firstNonNull(Integer a, Integer b, Integer c, int fallback) {
        return a != null ? a : b != null ? b : c != null ? c : fallback;
    }
}
