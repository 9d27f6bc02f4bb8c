package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.manifest.LoadBalancerConfiguration.Engine;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.validate.ManifestLayout.Scope;
import java.util.List;

/**
 * Rules that join service.yml's ports with the manifest's {@code load_balancer}: HAProxy's
 * community edition proxies TCP and HTTP only, so a UDP port cannot go through an HAProxy load
 * balancer; the error names the port and points at nginx, whose stream module proxies UDP.
 */
final class LoadBalancerRules {

    private LoadBalancerRules() {}

    static void check(AppDefinition definition, String environment, Diagnostics diagnostics) {
        List<String> haproxyScopes = ManifestLayout.scopes(definition.manifest()).stream()
                .filter(scope -> environment == null || scope.environment() == null || scope.environment().equals(environment))
                .filter(scope -> scope.effective().loadBalancer() != null
                        && scope.effective().loadBalancer().configuration().engine() == Engine.HAPROXY)
                .map(Scope::describe)
                .toList();
        if (haproxyScopes.isEmpty()) {
            return;
        }
        Reporter report = new Reporter(definition, diagnostics);
        for (Service service : definition.services().services().values()) {
            List<PortMapping> ports = service.ports();
            for (int i = 0; i < ports.size(); i++) {
                Integer udp = ports.get(i).udp();
                if (udp == null) {
                    continue;
                }
                String path = KeyPaths.child(KeyPaths.index(KeyPaths.child(KeyPaths.child("services", service.name()), "ports"), i), "udp");
                report.error(path, "UDP port " + udp + " of service '" + service.name()
                                + "' cannot go through the HAProxy load balancer of " + String.join(", ", haproxyScopes)
                                + ": HAProxy (community edition) proxies TCP and HTTP only",
                        "use nginx, which proxies UDP: set load_balancer.configuration.engine: nginx in manifest.yml");
            }
        }
    }
}
