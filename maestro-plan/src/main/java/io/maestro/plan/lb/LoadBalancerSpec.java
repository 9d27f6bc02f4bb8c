package io.maestro.plan.lb;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a load balancer serves, independent of the proxy that serves it. Built by
 * {@link LoadBalancerPlanner} from the application model, rendered by
 * {@link io.maestro.plan.lb.nginx.NginxRenderer} or {@link io.maestro.plan.lb.haproxy.HaproxyRenderer}.
 * Every string in it has passed {@link ConfigText}'s checks when the records were built.
 *
 * @param engine which proxy
 * @param listenAddress address every listener binds ({@code 0.0.0.0} on a server, {@code 127.0.0.1} in tests)
 * @param files the proxy's prefix directory layout
 * @param balance how upstream backends are chosen
 * @param healthCheck backend health check
 * @param keepaliveConnections idle connections kept open to each upstream (0 = none)
 * @param upstreams backend groups
 * @param sites web listeners
 * @param redirects www / non-www redirects
 * @param streams TCP/UDP listeners
 * @param tls TLS settings of HTTPS listeners
 * @param rateLimit per-IP request limit, if any
 * @param cors CORS policy, if any
 */
public record LoadBalancerSpec(
        Engine engine,
        String listenAddress,
        LoadBalancerFiles files,
        Balance balance,
        HealthCheck healthCheck,
        int keepaliveConnections,
        List<Upstream> upstreams,
        List<HttpSite> sites,
        List<HostRedirect> redirects,
        List<StreamListener> streams,
        TlsPolicy tls,
        Optional<RateLimit> rateLimit,
        Optional<CorsPolicy> cors) {

    public LoadBalancerSpec {
        Objects.requireNonNull(engine, "engine");
        ConfigText.address(listenAddress);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(healthCheck, "healthCheck");
        if (keepaliveConnections < 0) {
            throw new LoadBalancerConfigException("keepalive connections cannot be negative");
        }
        upstreams = List.copyOf(upstreams);
        sites = List.copyOf(sites);
        redirects = List.copyOf(redirects);
        streams = List.copyOf(streams);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(cors, "cors");
        Set<String> upstreamNames = new HashSet<>();
        for (Upstream u : upstreams) {
            if (!upstreamNames.add(u.name())) {
                throw new LoadBalancerConfigException("two upstreams are named '" + u.name() + "'");
            }
        }
        Set<String> names = new HashSet<>();
        for (HttpSite s : sites) {
            unique(names, s.name());
            if (s.upstream() != null && s.redirectToHttpsPort() == null && !upstreamNames.contains(s.upstream())) {
                throw new LoadBalancerConfigException("site '" + s.name() + "' names unknown upstream '" + s.upstream() + "'");
            }
        }
        redirects.forEach(r -> unique(names, r.name()));
        for (StreamListener l : streams) {
            unique(names, l.name());
            if (!upstreamNames.contains(l.upstream())) {
                throw new LoadBalancerConfigException("listener '" + l.name() + "' names unknown upstream '" + l.upstream() + "'");
            }
        }
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new LoadBalancerConfigException("two listeners are named '" + name + "'");
        }
    }

    public Upstream upstream(String name) {
        return upstreams.stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new LoadBalancerConfigException("no upstream named '" + name + "'"));
    }

    /** Which proxy serves the spec. */
    public enum Engine { NGINX, HAPROXY }
}
