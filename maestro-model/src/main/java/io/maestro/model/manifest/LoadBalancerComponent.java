package io.maestro.model.manifest;

import java.util.List;
import java.util.Objects;

/**
 * The {@code load_balancer} component.
 *
 * @param configuration balancing settings
 * @param servers where nginx/HAProxy runs
 */
public record LoadBalancerComponent(LoadBalancerConfiguration configuration, List<ServerRef> servers) {

    public LoadBalancerComponent {
        Objects.requireNonNull(configuration, "configuration");
        servers = List.copyOf(servers);
    }
}
