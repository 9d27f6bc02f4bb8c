package io.maestro.model.validate;

import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.Manifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.source.KeyPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Where each server entry of a manifest sits: the model records carry no positions, so the rules
 * rebuild each entry's key path ({@code production.mysql.groups.reporting.servers[0].server}) the
 * way the binder wrote it and look the position up in the source map.
 */
final class ManifestLayout {

    static final String DOCKER = "docker";
    static final String LOAD_BALANCER = "load_balancer";

    private ManifestLayout() {}

    /**
     * One server entry.
     *
     * @param ref the entry
     * @param path its key path without the manifest prefix, ending in {@code .server}
     * @param component {@code docker}, {@code load_balancer} or a data store key
     * @param kind the data store, or null for docker and the load balancer
     * @param group the data store group, or null
     */
    record Located(ServerRef ref, String path, String component, DatabaseKind kind, DataStoreGroup group) {

        String child(String key) {
            return KeyPaths.child(path, key);
        }

        boolean isDocker() {
            return component.equals(DOCKER);
        }

        /** The prefix of the variables Maestro injects for this entry's store: {@code MYSQL_REPORTING} for a group. */
        String envPrefix() {
            if (group == null || group.primary()) {
                return kind.envPrefix();
            }
            return kind.envPrefix() + "_" + group.name().toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    /** A set of components that are deployed together, and where each came from. */
    record Scope(String environment, List<Located> servers, EnvironmentManifest effective, String dockerPrefix) {

        /** How messages name this scope. */
        String describe() {
            return environment == null ? "the manifest" : "environment '" + environment + "' or the common settings";
        }
    }

    /** The path prefix of an environment block: the environment's name, or nothing for common settings. */
    static String prefix(String environment) {
        return environment == null ? "" : KeyPaths.child("", environment);
    }

    /** Every server entry written in one block (common settings or one environment), in model order. */
    static List<Located> block(EnvironmentManifest block, String environment) {
        return servers(block, prefix(environment), component -> true);
    }

    /**
     * The scopes the scope-wide rules run over: each environment with the common components it does
     * not replace, or the common settings alone when the manifest has no environment level.
     */
    static List<Scope> scopes(Manifest manifest) {
        if (manifest.environments().isEmpty()) {
            EnvironmentManifest common = manifest.common();
            return List.of(new Scope(null, block(common, null), common, prefix(null)));
        }
        List<Scope> scopes = new ArrayList<>();
        manifest.environments().forEach((name, own) -> {
            List<Located> servers = new ArrayList<>(block(own, name));
            servers.addAll(servers(manifest.common(), prefix(null), component -> !declares(own, component)));
            String dockerPrefix = own.docker() != null ? prefix(name) : prefix(null);
            scopes.add(new Scope(name, servers, manifest.forEnvironment(name), dockerPrefix));
        });
        return scopes;
    }

    private static boolean declares(EnvironmentManifest block, String component) {
        return switch (component) {
            case DOCKER -> block.docker() != null;
            case LOAD_BALANCER -> block.loadBalancer() != null;
            default -> DatabaseKind.fromKey(component).map(block.dataStores()::containsKey).orElse(false);
        };
    }

    private static List<Located> servers(EnvironmentManifest block, String prefix, Predicate<String> include) {
        List<Located> located = new ArrayList<>();
        if (block.docker() != null && include.test(DOCKER)) {
            add(located, block.docker().servers(), KeyPaths.child(prefix, DOCKER), DOCKER, null, null);
        }
        block.dataStores().forEach((kind, store) -> {
            if (!include.test(kind.key())) {
                return;
            }
            String path = KeyPaths.child(prefix, kind.key());
            if (store.groups().isEmpty()) {
                add(located, store.servers(), path, kind.key(), kind, store.effectiveGroups().get(0));
            } else {
                for (DataStoreGroup group : effectiveGroupsInFileOrder(store)) {
                    add(located, group.servers(), KeyPaths.child(KeyPaths.child(path, "groups"), group.name()),
                            kind.key(), kind, group);
                }
            }
        });
        if (block.loadBalancer() != null && include.test(LOAD_BALANCER)) {
            add(located, block.loadBalancer().servers(), KeyPaths.child(prefix, LOAD_BALANCER), LOAD_BALANCER, null, null);
        }
        return located;
    }

    private static List<DataStoreGroup> effectiveGroupsInFileOrder(DataStoreComponent store) {
        List<DataStoreGroup> effective = store.effectiveGroups();
        return store.groups().keySet().stream()
                .map(name -> effective.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow())
                .toList();
    }

    private static void add(List<Located> into, List<ServerRef> servers, String componentPath, String component,
            DatabaseKind kind, DataStoreGroup group) {
        String list = KeyPaths.child(componentPath, "servers");
        for (int i = 0; i < servers.size(); i++) {
            into.add(new Located(servers.get(i), KeyPaths.child(KeyPaths.index(list, i), "server"), component, kind, group));
        }
    }
}
