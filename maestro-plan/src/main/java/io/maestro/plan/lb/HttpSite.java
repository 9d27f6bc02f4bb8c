package io.maestro.plan.lb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One web listener for one service: the host names it answers on one port, and either the
 * upstream it proxies to or the HTTPS port it redirects to.
 *
 * @param name unique name (used for file-internal identifiers)
 * @param hosts server names: exact, {@code *.example.com}, or {@code _} (any host)
 * @param scheme HTTP or HTTPS
 * @param port the port the load balancer listens on
 * @param upstream the upstream's name (requests are proxied there) when not redirecting
 * @param certificate the certificate (HTTPS only)
 * @param redirectToHttpsPort when set, every request except ACME challenges gets a 301 to {@code https://host:PORT}
 */
public record HttpSite(String name, List<String> hosts, SiteScheme scheme, int port, String upstream,
        TlsCertificate certificate, Integer redirectToHttpsPort) {

    public HttpSite {
        ConfigText.name(name);
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new LoadBalancerConfigException("site '" + name + "' needs at least one host name (or '_')");
        }
        hosts.forEach(ConfigText::host);
        Objects.requireNonNull(scheme, "scheme");
        ConfigText.port(port);
        if (redirectToHttpsPort == null) {
            ConfigText.name(Objects.requireNonNull(upstream, "a site that does not redirect needs an upstream"));
        } else {
            ConfigText.port(redirectToHttpsPort);
        }
        if (scheme == SiteScheme.HTTPS && certificate == null) {
            throw new LoadBalancerConfigException("HTTPS site '" + name + "' has no certificate");
        }
    }

    public boolean catchAll() {
        return hosts.contains("_");
    }

    public Optional<Integer> optionalRedirect() {
        return Optional.ofNullable(redirectToHttpsPort);
    }
}
