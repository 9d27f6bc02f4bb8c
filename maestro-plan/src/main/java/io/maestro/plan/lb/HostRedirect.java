package io.maestro.plan.lb;

import java.util.List;

/**
 * A permanent redirect from some host names to one canonical host on the same scheme and port:
 * {@code www.example.com} → {@code example.com} or the reverse.
 *
 * @param name unique name
 * @param fromHosts names redirected (exact names)
 * @param toHost the canonical name
 * @param scheme the listener's scheme
 * @param port the listener's port
 * @param certificate for HTTPS listeners
 */
public record HostRedirect(String name, List<String> fromHosts, String toHost, SiteScheme scheme, int port,
        TlsCertificate certificate) {

    public HostRedirect {
        ConfigText.name(name);
        fromHosts = List.copyOf(fromHosts);
        fromHosts.forEach(ConfigText::host);
        ConfigText.host(toHost);
        ConfigText.port(port);
        if (scheme == SiteScheme.HTTPS && certificate == null) {
            throw new LoadBalancerConfigException("HTTPS redirect '" + name + "' has no certificate");
        }
    }
}
