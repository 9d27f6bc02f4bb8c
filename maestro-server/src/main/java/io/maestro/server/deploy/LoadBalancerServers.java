package io.maestro.server.deploy;

import io.maestro.hosts.component.Placement;
import io.maestro.hosts.component.PlacementException;
import io.maestro.hosts.component.PlacementPlanner;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.LoadBalancerComponent;
import io.maestro.model.manifest.ServerRef;
import io.maestro.store.Store;
import io.maestro.store.server.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private static final String SUBJECT = "the load_balancer";

    private final ServerChoice choice;

    LoadBalancerServers(Store store) {
        this.choice = new ServerChoice(store);
    }

    /**
     * The servers, in manifest order, each once.
     *
     * @throws DeployException naming the server and what to do
     */
    List<Server> resolve(EnvironmentManifest manifest, String application, String environment) {
        LoadBalancerComponent lb = manifest.optionalLoadBalancer().orElseThrow();
        if (lb.servers().isEmpty()) {
            return List.of(choice.environmentDefault(SUBJECT, application, environment,
                    " place it in manifest.yml (load_balancer: servers: [{server: {unique_name: NAME}}]) or"));
        }
        Map<String, Server> servers = new LinkedHashMap<>();
        for (ServerRef ref : lb.servers()) {
            Server server = switch (ref) {
                case ServerRef.Server s -> choice.named(SUBJECT, s.uniqueName(), "the manifest's load_balancer server unique_name");
                case ServerRef.SameAs sameAs -> sameAs(manifest, sameAs);
                case ServerRef.External external -> throw new DeployException(DeployException.Reason.CONFLICT,
                        "the load_balancer is on server: external, which Maestro does not configure; place it on a registered"
                                + " server (load_balancer: servers: [{server: {unique_name: NAME}}]) or remove the"
                                + " load_balancer component to use the cluster's Ingress");
            };
            servers.putIfAbsent(server.name(), server);
        }
        return List.copyOf(servers.values());
    }

    /** The server a {@code same_as} chain reaches, followed as for data stores ({@link PlacementPlanner#followSameAs}). */
    private Server sameAs(EnvironmentManifest manifest, ServerRef.SameAs start) {
        Placement.CoLocated reached;
        try {
            reached = PlacementPlanner.followSameAs(manifest, start, SUBJECT);
        } catch (PlacementException e) {
            throw new DeployException(DeployException.Reason.CONFLICT, e.getMessage(), e);
        }
        return choice.named(SUBJECT, reached.server(), "reached through same_as " + String.join(" -> ", reached.via()));
    }
}
