package io.maestro.server.deploy;

import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.LoadBalancerComponent;
import io.maestro.model.manifest.ServerRef;
import io.maestro.store.Store;
import io.maestro.store.server.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which registered servers run a cluster environment's load balancer.
 *
 * <ul>
 *   <li>Every entry of the load_balancer's {@code servers}, in order: {@code server: {unique_name}}
 *       names a registered server, {@code same_as} leads to one through the environment's other
 *       server definitions. Two entries reaching the same server count once. Each server gets the
 *       same configuration; clients spread over them by DNS (or a cloud load balancer in front).</li>
 *   <li>Without {@code servers}: the environment's {@code server} setting, else the only registered
 *       server, as {@link HostComponents} places data stores.</li>
 * </ul>
 * A name nobody registered, {@code same_as} leading nowhere, or a choice that is not clear fails
 * with the command that fixes it.
 */
final class LoadBalancerServers {

    private final Store store;

    LoadBalancerServers(Store store) {
        this.store = store;
    }

    /**
     * The servers, in manifest order, each once.
     *
     * @throws DeployException naming the server and what to do
     */
    List<Server> resolve(EnvironmentManifest manifest, String application, String environment) {
        LoadBalancerComponent lb = manifest.optionalLoadBalancer().orElseThrow();
        if (lb.servers().isEmpty()) {
            return List.of(fallback(application, environment));
        }
        Map<String, Server> servers = new LinkedHashMap<>();
        for (ServerRef ref : lb.servers()) {
            Server server = switch (ref) {
                case ServerRef.Server s -> registered(s.uniqueName(), "the manifest's load_balancer server unique_name");
                case ServerRef.SameAs sameAs -> registered(follow(manifest, sameAs), "reached through same_as " + sameAs.target());
                case ServerRef.External external -> throw new DeployException(DeployException.Reason.CONFLICT,
                        "the load_balancer is on server: external, which Maestro does not configure; place it on a registered"
                                + " server (load_balancer: servers: [{server: {unique_name: NAME}}]) or remove the"
                                + " load_balancer component to use the cluster's Ingress");
            };
            servers.putIfAbsent(server.name(), server);
        }
        return List.copyOf(servers.values());
    }

    private Server fallback(String application, String environment) {
        Optional<String> chosen = store.environmentSettings().server(application, environment);
        if (chosen.isPresent()) {
            return registered(chosen.get(), "the server setting of environment " + environment);
        }
        List<Server> all = store.servers().list();
        if (all.size() == 1) {
            return all.get(0);
        }
        String hint = " place it in manifest.yml (load_balancer: servers: [{server: {unique_name: NAME}}]) or set"
                + " the environment's server: PUT /api/v1/apps/" + application + "/environments/" + environment
                + " {\"server\": NAME}";
        if (all.isEmpty()) {
            throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer has no server in the manifest"
                    + " and no server is registered; register one (maestro servers add NAME --ssh USER@HOST --key FILE)"
                    + " and" + hint);
        }
        throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer has no server in the manifest and "
                + all.size() + " servers are registered (" + String.join(", ", all.stream().map(Server::name).toList())
                + "); choose one:" + hint);
    }

    private Server registered(String name, String why) {
        return store.servers().find(name).orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT,
                "the load_balancer is placed on server '" + name + "' (" + why + "), which is not registered;"
                        + " register it first: maestro servers add " + name + " --ssh USER@HOST[:PORT] --key FILE"
                        + " (or maestro servers add " + name + " --local for this machine)"));
    }

    /** Follows {@code same_as} through the environment's named server entries to a server definition. */
    private static String follow(EnvironmentManifest manifest, ServerRef.SameAs start) {
        List<ServerRef> all = new ArrayList<>();
        manifest.optionalDocker().ifPresent(d -> all.addAll(d.servers()));
        manifest.optionalLoadBalancer().ifPresent(l -> all.addAll(l.servers()));
        for (DataStoreComponent component : manifest.dataStores().values()) {
            all.addAll(component.servers());
            component.groups().values().forEach(g -> all.addAll(g.servers()));
        }
        Map<String, ServerRef> byName = new LinkedHashMap<>();
        for (ServerRef ref : all) {
            switch (ref) {
                case ServerRef.Server s when !s.uniqueName().isEmpty() -> byName.putIfAbsent(s.uniqueName(), s);
                case ServerRef.SameAs s when s.alias() != null -> byName.putIfAbsent(s.alias(), s);
                default -> { }
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        String name = start.target();
        while (seen.add(name)) {
            ServerRef target = byName.get(name);
            if (target instanceof ServerRef.Server s) {
                return s.uniqueName();
            }
            if (!(target instanceof ServerRef.SameAs hop)) {
                break;
            }
            name = hop.target();
        }
        throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer's same_as " + start.target()
                + " leads to no server definition (followed " + String.join(" -> ", seen) + ")");
    }
}
