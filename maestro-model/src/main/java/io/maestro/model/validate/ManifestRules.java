package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DockerComponent;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.Manifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourceMap;
import io.maestro.model.source.SourcePosition;
import io.maestro.model.validate.ManifestLayout.Located;
import io.maestro.model.validate.ManifestLayout.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Semantic rules of {@code manifest.yml}, over a well-typed bound manifest.
 *
 * <p>Rules about one entry (unique_name present, ssh complete, role only on docker servers, group
 * names) run once per written block. Rules about what is deployed together (unique names, same_as
 * targets and cycles, one vendor and region, cluster topology) run per environment over its own
 * components plus the common ones it does not replace, or over the common settings when the
 * manifest has no environment level. Messages print key paths without
 * {@link AppDefinition#MANIFEST_PATH_PREFIX}.
 */
public final class ManifestRules {

    /** Kubernetes label key (optional DNS prefix) and optional value: the node labels a server tag becomes. */
    private static final Pattern TAG = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
                    + "(=([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)?");

    private final Manifest manifest;
    private final SourceMap sources;
    private final Diagnostics diagnostics;

    private ManifestRules(AppDefinition definition, Diagnostics diagnostics) {
        this.manifest = definition.manifest();
        this.sources = definition.sources();
        this.diagnostics = diagnostics;
    }

    public static void check(AppDefinition definition, String environment, Diagnostics diagnostics) {
        new ManifestRules(definition, diagnostics).run(environment);
    }

    private void run(String environment) {
        checkSelectedEnvironment(environment);
        checkBlock(manifest.common(), null);
        manifest.environments().forEach((name, block) -> checkBlock(block, name));
        for (Scope scope : ManifestLayout.scopes(manifest)) {
            checkUniqueNames(scope);
            checkSameAs(scope);
            checkOneCloud(scope);
            checkClusterTopology(scope);
        }
    }

    // ---- --env --------------------------------------------------------------------------

    private void checkSelectedEnvironment(String environment) {
        if (environment == null || manifest.environments().isEmpty() || manifest.hasEnvironment(environment)) {
            return;
        }
        SourcePosition start = manifestStart().orElse(null);
        if (start == null) {
            return;
        }
        diagnostics.error(start, "", "expected --env to name an environment of the manifest ("
                        + String.join(", ", manifest.environmentNames()) + "), got " + Binder.quote(environment),
                DidYouMean.hint(environment, manifest.environmentNames()).orElse(null));
    }

    private Optional<SourcePosition> manifestStart() {
        return sources.asMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith(AppDefinition.MANIFEST_PATH_PREFIX))
                .map(e -> SourcePosition.startOf(e.getValue().file()))
                .findFirst();
    }

    // ---- one block ----------------------------------------------------------------------

    private void checkBlock(EnvironmentManifest block, String environment) {
        for (Located entry : ManifestLayout.block(block, environment)) {
            switch (entry.ref()) {
                case ServerRef.Server server -> checkServer(entry, server);
                case ServerRef.External external -> checkExternal(entry, external);
                case ServerRef.SameAs sameAs -> { }
            }
        }
        block.dataStores().forEach((kind, store) -> checkGroupNames(kind, store, environment));
    }

    private void checkServer(Located entry, ServerRef.Server server) {
        if (server.uniqueName().isEmpty()) {
            error(entry.path(), "missing 'unique_name': a server you define needs a name that is unique in the manifest");
        }
        if (server.ssh() != null) {
            if (server.address() == null) {
                error(entry.child("ssh"), "applies only to an existing machine: expected 'address' next to it");
            } else {
                List<String> missing = new ArrayList<>();
                if (server.ssh().user() == null) {
                    missing.add("'user'");
                }
                if (server.ssh().key() == null) {
                    missing.add("'key'");
                }
                if (!missing.isEmpty()) {
                    error(entry.child("ssh"), "expected 'user' and 'key' to log in to " + Binder.quote(server.address())
                            + ", missing " + String.join(" and ", missing));
                }
            }
        }
        if (server.role() != null && !entry.isDocker()) {
            error(entry.child("role"), "applies only to docker servers (cluster nodes), not to " + entry.component()
                    + " servers");
        }
        if (!server.tags().isEmpty() && !entry.isDocker()) {
            warning(entry.child("tags"), "ignored: only docker servers (cluster nodes) carry tags, not "
                    + entry.component() + " servers");
        }
        for (int i = 0; i < server.tags().size(); i++) {
            String tag = server.tags().get(i);
            if (!TAG.matcher(tag).matches()) {
                error(KeyPaths.index(entry.child("tags"), i), "expected 'key=value' or 'key' with a Kubernetes label "
                        + "key and value (letters, digits, '-', '_', '.'; at most 63 each), got " + Binder.quote(tag));
            }
        }
    }

    private void checkExternal(Located entry, ServerRef.External external) {
        if (entry.kind() == null) {
            error(entry.path(), "external applies only to data stores: " + entry.component()
                    + " servers are created or reached by Maestro");
            return;
        }
        if (external.address() == null) {
            String prefix = entry.envPrefix();
            String variables = entry.kind().hasCredentials()
                    ? prefix + "_ADDRESS, " + prefix + "_USERNAME, " + prefix + "_PASSWORD and " + prefix + "_DATABASE"
                    : prefix + "_ADDRESS";
            warning(entry.path(), "external " + entry.component() + " with no address: Maestro cannot inject its "
                    + "connection, set " + variables + " as environment variables",
                    "or give it with server: {external: true, address: HOST}");
        }
    }

    private void checkGroupNames(DatabaseKind kind, DataStoreComponent store, String environment) {
        String groupsPath = KeyPaths.child(KeyPaths.child(ManifestLayout.prefix(environment), kind.key()), "groups");
        for (String name : store.groups().keySet()) {
            String path = KeyPaths.child(groupsPath, name);
            String serviceName = kind.key() + "-" + name;
            if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
                error(path, "expected a group name made of lowercase letters, digits and '-' (a DNS-1123 label), got "
                        + Binder.quote(name));
            } else if (serviceName.length() > 63) {
                error(path, "expected a group name of at most " + (62 - kind.key().length())
                        + " characters (its service is named '" + kind.key() + "-<group>'), got " + name.length());
            }
        }
    }

    // ---- one scope ----------------------------------------------------------------------

    private void checkUniqueNames(Scope scope) {
        Map<String, Located> first = new LinkedHashMap<>();
        for (Located entry : inFileOrder(scope.servers())) {
            Optional<String> name = definedName(entry.ref());
            if (name.isEmpty()) {
                continue;
            }
            Located earlier = first.putIfAbsent(name.get(), entry);
            if (earlier != null) {
                error(entry.child("unique_name"), "expected a unique server name, got " + Binder.quote(name.get())
                        + ", already used by " + earlier.path());
            }
        }
    }

    private void checkSameAs(Scope scope) {
        Map<String, ServerRef> byName = new LinkedHashMap<>();
        for (Located entry : inFileOrder(scope.servers())) {
            definedName(entry.ref()).ifPresent(name -> byName.putIfAbsent(name, entry.ref()));
        }
        List<Located> reported = new ArrayList<>();
        for (Located entry : inFileOrder(scope.servers())) {
            if (!(entry.ref() instanceof ServerRef.SameAs sameAs)) {
                continue;
            }
            if (!byName.containsKey(sameAs.target())) {
                error(entry.child("same_as"), "expected the unique_name of a server in " + scope.describe() + ", got "
                                + Binder.quote(sameAs.target()),
                        DidYouMean.hint(sameAs.target(), byName.keySet()).orElse(null));
                continue;
            }
            if (sameAs.alias() != null && reported.stream().noneMatch(r -> r == entry)) {
                cycleFrom(sameAs, byName).ifPresent(cycle -> {
                    reportMembers(scope, cycle, reported);
                    error(entry.child("same_as"), "expected same_as to lead to a server definition, got the cycle "
                            + String.join(" -> ", cycle));
                });
            }
        }
    }

    /** The names of a same_as cycle starting at {@code start}'s alias, closed (a -> b -> a), if there is one. */
    private static Optional<List<String>> cycleFrom(ServerRef.SameAs start, Map<String, ServerRef> byName) {
        List<String> chain = new ArrayList<>(List.of(start.alias()));
        ServerRef next = byName.get(start.target());
        String nextName = start.target();
        while (next instanceof ServerRef.SameAs hop) {
            if (chain.contains(nextName)) {
                if (!nextName.equals(start.alias())) {
                    return Optional.empty(); // start only leads into a cycle; the cycle's own members report it
                }
                chain.add(nextName);
                return Optional.of(chain);
            }
            chain.add(nextName);
            nextName = hop.target();
            next = byName.get(nextName);
        }
        return Optional.empty();
    }

    /** Marks every entry of a cycle as reported, so one cycle is one error (at its first entry in the file). */
    private static void reportMembers(Scope scope, List<String> cycle, List<Located> reported) {
        for (Located entry : scope.servers()) {
            if (entry.ref() instanceof ServerRef.SameAs sameAs && sameAs.alias() != null && cycle.contains(sameAs.alias())) {
                reported.add(entry);
            }
        }
    }

    private void checkOneCloud(Scope scope) {
        Located vendorSource = null;
        Located regionSource = null;
        for (Located entry : inFileOrder(scope.servers())) {
            if (!(entry.ref() instanceof ServerRef.Server server) || server.address() != null) {
                continue; // existing machines and references are not created at a cloud
            }
            if (server.vendor() != null) {
                if (vendorSource == null) {
                    vendorSource = entry;
                } else {
                    String expected = ((ServerRef.Server) vendorSource.ref()).vendor();
                    if (!expected.equals(server.vendor())) {
                        error(entry.child("vendor"), "expected vendor " + Binder.quote(expected) + " like "
                                + vendorSource.path() + ", got " + Binder.quote(server.vendor()),
                                "all cloud servers of an environment use one vendor and region");
                    }
                }
            }
            if (server.region() != null) {
                if (regionSource == null) {
                    regionSource = entry;
                } else {
                    String expected = ((ServerRef.Server) regionSource.ref()).region();
                    if (!expected.equals(server.region())) {
                        error(entry.child("region"), "expected region " + Binder.quote(expected) + " like "
                                + regionSource.path() + ", got " + Binder.quote(server.region()),
                                "all cloud servers of an environment use one vendor and region");
                    }
                }
            }
        }
    }

    /**
     * Masters and workers of the cluster. Without roles the first server is the (shared) master; with
     * roles, servers without one are workers unless no server is a master, in which case the first of
     * them is.
     */
    private void checkClusterTopology(Scope scope) {
        DockerComponent docker = scope.effective().docker();
        if (docker == null || docker.servers().isEmpty()) {
            return;
        }
        String dockerPath = KeyPaths.child(scope.dockerPrefix(), ManifestLayout.DOCKER);
        String serversPath = KeyPaths.child(dockerPath, "servers");
        int total = docker.servers().size();
        long explicitMasters = docker.servers().stream().filter(s -> roleOf(s) == ServerRef.NodeRole.MASTER).count();
        long withoutRole = docker.servers().stream().filter(s -> roleOf(s) == null).count();
        long masters = explicitMasters > 0 ? explicitMasters : Math.min(1, withoutRole);
        if (masters == 0) {
            error(serversPath, "expected a master among the docker servers, got " + total
                    + " with role: worker", "give one server role: master");
            return;
        }
        long workers = total - masters;
        if (masters % 2 == 0) {
            String message = masters == 2
                    ? "two masters are less available than one: etcd needs a majority, so losing either stops the cluster"
                    : masters + " masters tolerate no more failures than " + (masters - 1) + ": etcd needs a majority";
            warning(serversPath, message, "use an odd number of masters, at least 3 for high availability");
        }
        if (Boolean.TRUE.equals(docker.configuration().dedicatedMaster()) && workers == 0) {
            error(KeyPaths.child(KeyPaths.child(dockerPath, "configuration"), "dedicated_master"),
                    "a dedicated master runs no workloads: expected at least one worker server, got " + total
                            + (total == 1 ? " server" : " servers") + " and all of them masters",
                    "add a server with role: worker, or set dedicated_master: false");
        }
    }

    private static ServerRef.NodeRole roleOf(ServerRef ref) {
        return ref instanceof ServerRef.Server server ? server.role() : null;
    }

    // ---- helpers ------------------------------------------------------------------------

    private static Optional<String> definedName(ServerRef ref) {
        return switch (ref) {
            case ServerRef.Server server when !server.uniqueName().isEmpty() -> Optional.of(server.uniqueName());
            case ServerRef.SameAs sameAs -> sameAs.optionalAlias();
            default -> Optional.empty();
        };
    }

    private List<Located> inFileOrder(List<Located> entries) {
        return entries.stream().sorted(Comparator.comparing(entry -> position(entry.path()))).toList();
    }

    private SourcePosition position(String path) {
        return sources.at(AppDefinition.MANIFEST_PATH_PREFIX + path);
    }

    private void error(String path, String message) {
        diagnostics.error(position(path), path, message);
    }

    private void error(String path, String message, String hint) {
        diagnostics.error(position(path), path, message, hint);
    }

    private void warning(String path, String message) {
        diagnostics.warning(position(path), path, message);
    }

    private void warning(String path, String message, String hint) {
        diagnostics.warning(position(path), path, message, hint);
    }
}
