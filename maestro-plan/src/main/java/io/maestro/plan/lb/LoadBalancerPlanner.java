package io.maestro.plan.lb;

import io.maestro.model.manifest.DockerComponent;
import io.maestro.model.manifest.DockerConfiguration;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.LoadBalancerComponent;
import io.maestro.model.manifest.LoadBalancerConfiguration;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.model.service.ServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Application model → {@link LoadBalancerSpec}.
 *
 * <ul>
 *   <li>every {@code http} / {@code https} port of a service becomes a site answering the service's
 *       {@code traffic_matches} (or any host, {@code _}, when it has none); services share a port
 *       by host name;</li>
 *   <li>with both {@code http} and {@code https} on one port mapping, the HTTP site redirects to
 *       HTTPS (301) unless {@link PlannerOptions#redirectHttpToHttps()} is off; the ACME challenge
 *       path is still served over HTTP;</li>
 *   <li>{@code tcp} / {@code udp} ports become stream listeners;</li>
 *   <li>{@code load_balancer.configuration} gives the engine, {@code balance} and {@code httpchk};
 *       {@code docker.configuration} gives {@code activeprotect.http_ban_rate} and its whitelist
 *       (rate limiting) and {@code nginx.cors}.</li>
 * </ul>
 */
public final class LoadBalancerPlanner {

    private LoadBalancerPlanner() {}

    public static LoadBalancerSpec plan(ServiceDefinition definition, EnvironmentManifest environment,
            BackendDirectory backends, CertificateDirectory certificates, PlannerOptions options) {
        LoadBalancerConfiguration lb = environment.optionalLoadBalancer().map(LoadBalancerComponent::configuration)
                .orElse(LoadBalancerConfiguration.DEFAULTS);
        DockerConfiguration docker = environment.optionalDocker().map(DockerComponent::configuration)
                .orElse(DockerConfiguration.DEFAULTS);

        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        List<HttpSite> sites = new ArrayList<>();
        List<HostRedirect> redirects = new ArrayList<>();
        List<StreamListener> streams = new ArrayList<>();
        for (Service service : definition.services().values()) {
            List<String> hosts = service.trafficMatches().isEmpty()
                    ? List.of("_") : List.copyOf(new LinkedHashSet<>(service.trafficMatches()));
            for (PortMapping port : service.ports()) {
                if (!port.isExternal()) {
                    continue;
                }
                String upstreamName = service.name() + "-" + port.container();
                upstreams.computeIfAbsent(upstreamName,
                        n -> new Upstream(n, backends.backends(service.name(), port.container())));
                TlsCertificate certificate = null;
                if (port.https() != null) {
                    certificate = certificates.certificate(service.name(), hosts).orElseThrow(() ->
                            new LoadBalancerConfigException("service '" + service.name() + "' maps https port "
                                    + port.https() + " but no certificate is installed for " + String.join(", ", hosts)
                                    + " (add one with the SSL settings, or use the development CA)"));
                    sites.add(new HttpSite(service.name() + "-https-" + port.https(), hosts, SiteScheme.HTTPS,
                            port.https(), upstreamName, certificate, null));
                    redirects.addAll(wwwRedirects(service.name() + "-https-" + port.https(), hosts, SiteScheme.HTTPS,
                            port.https(), certificate, options.wwwRedirect()));
                }
                if (port.http() != null) {
                    Integer redirect = port.https() != null && options.redirectHttpToHttps() ? port.https() : null;
                    sites.add(new HttpSite(service.name() + "-http-" + port.http(), hosts, SiteScheme.HTTP, port.http(),
                            upstreamName, null, redirect));
                    redirects.addAll(wwwRedirects(service.name() + "-http-" + port.http(), hosts, SiteScheme.HTTP,
                            port.http(), null, options.wwwRedirect()));
                }
                if (port.tcp() != null) {
                    streams.add(new StreamListener(service.name() + "-tcp-" + port.tcp(), StreamListener.Protocol.TCP,
                            port.tcp(), upstreamName));
                }
                if (port.udp() != null) {
                    streams.add(new StreamListener(service.name() + "-udp-" + port.udp(), StreamListener.Protocol.UDP,
                            port.udp(), upstreamName));
                }
            }
        }
        Optional<RateLimit> rateLimit = options.rateLimiting()
                ? Optional.of(new RateLimit(docker.httpBanRate(), docker.activeProtectWhitelist())) : Optional.empty();
        Optional<CorsPolicy> cors = Optional.ofNullable(docker.cors())
                .map(c -> new CorsPolicy(c.origin(), c.methods(), c.headers(), c.credentials()));
        return new LoadBalancerSpec(
                lb.engine() == LoadBalancerConfiguration.Engine.HAPROXY
                        ? LoadBalancerSpec.Engine.HAPROXY : LoadBalancerSpec.Engine.NGINX,
                options.listenAddress(),
                options.files(),
                Balance.valueOf(lb.balance().name()),
                HealthCheck.parse(lb.httpchk()),
                options.keepaliveConnections(),
                List.copyOf(upstreams.values()),
                sites,
                redirects,
                streams,
                TlsPolicy.DEFAULT.withHsts(options.hsts()),
                rateLimit,
                cors);
    }

    private static List<HostRedirect> wwwRedirects(String site, List<String> hosts, SiteScheme scheme, int port,
            TlsCertificate certificate, PlannerOptions.WwwRedirect mode) {
        List<HostRedirect> redirects = new ArrayList<>();
        if (mode == PlannerOptions.WwwRedirect.NONE) {
            return redirects;
        }
        Set<String> listed = new LinkedHashSet<>(hosts);
        for (String host : hosts) {
            if (host.equals("_") || host.startsWith("*.")) {
                continue;
            }
            boolean www = host.startsWith("www.");
            String alternate = null;
            if (mode == PlannerOptions.WwwRedirect.TO_WWW && www) {
                alternate = host.substring(4);
            } else if (mode == PlannerOptions.WwwRedirect.TO_APEX && !www) {
                alternate = "www." + host;
            }
            if (alternate != null && !listed.contains(alternate)) {
                redirects.add(new HostRedirect(site + "-to-" + host.replace('.', '_'), List.of(alternate), host, scheme,
                        port, certificate));
            }
        }
        return redirects;
    }
}
