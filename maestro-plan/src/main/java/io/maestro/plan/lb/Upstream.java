package io.maestro.plan.lb;

import java.util.List;

/**
 * A named group of backends that receives one service port's traffic.
 *
 * @param name unique in the configuration (e.g. {@code web-3000})
 * @param backends at least one
 */
public record Upstream(String name, List<Backend> backends) {

    public Upstream {
        ConfigText.name(name);
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new LoadBalancerConfigException("upstream '" + name + "' has no backends: the service has no published "
                    + "container for this port yet");
        }
    }
}
