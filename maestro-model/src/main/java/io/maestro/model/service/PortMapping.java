package io.maestro.model.service;

import java.util.Optional;

/**
 * A container port and where it is exposed. All three {@code ports} forms bind to this:
 * {@code "3000:80:443"}, {@code 6379}, and {@code {container: 7777, udp: 7777}}.
 *
 * @param container the port the container listens on (1-65535)
 * @param http external HTTP port served by the load balancer, or null
 * @param https external HTTPS port served by the load balancer, or null
 * @param tcp external TCP port bound directly, or null
 * @param udp external UDP port bound directly, or null
 * @param name optional port name (Maestro extension, ≤ 15 chars); generated when null
 */
public record PortMapping(int container, Integer http, Integer https, Integer tcp, Integer udp, String name) {

    public static PortMapping internal(int container) {
        return new PortMapping(container, null, null, null, null, null);
    }

    public boolean isExternal() {
        return http != null || https != null || tcp != null || udp != null;
    }

    public boolean isWeb() {
        return http != null || https != null;
    }

    /** The container port's protocol in Kubernetes terms: UDP only when the mapping is UDP-only. */
    public String protocol() {
        return udp != null && http == null && https == null && tcp == null ? "UDP" : "TCP";
    }

    public Optional<String> optionalName() {
        return Optional.ofNullable(name);
    }
}
