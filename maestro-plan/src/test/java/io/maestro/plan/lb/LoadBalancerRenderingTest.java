package io.maestro.plan.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.plan.fixtures.Golden;
import io.maestro.plan.lb.haproxy.HaproxyRenderer;
import io.maestro.plan.lb.nginx.NginxOptions;
import io.maestro.plan.lb.nginx.NginxRenderer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadBalancerRenderingTest {

    @Test
    void theShopRendersToItsGoldenNginxConfiguration() {
        Golden.assertMatches("lb/nginx-shop.conf", NginxRenderer.render(LbFixtures.shop(LbFixtures.options()),
                NginxOptions.DEBIAN));
    }

    @Test
    void theShopWithoutUdpRendersToItsGoldenHaproxyConfiguration() {
        LoadBalancerSpec spec = LbFixtures.shop(LbFixtures.options());
        LoadBalancerSpec tcpOnly = withoutUdp(spec);
        Golden.assertMatches("lb/haproxy-shop.cfg", HaproxyRenderer.render(tcpOnly));
    }

    @Test
    void aCatchAllPortThatOnlyRedirectsToHttpsStillHasHaproxysNoSiteBackend() {
        // 3000:8080:8443 with no traffic_matches: the http frontend is one catch-all site that only redirects.
        var app = LbFixtures.app("""
                version: 2
                services:
                  web:
                    image: acme/web:1
                    ports: ["3000:8080:8443"]
                """, null);
        LoadBalancerSpec spec = LoadBalancerPlanner.plan(app.services(), app.manifest().forEnvironment("production"),
                LbFixtures.twoBackends(), (service, hosts) -> Optional.of(LbFixtures.WEB_CERT), LbFixtures.options());
        String cfg = HaproxyRenderer.render(spec);
        assertThat(cfg).contains("default_backend maestro_no_site").contains("backend maestro_no_site");
    }

    @Test
    void theManifestChoosesBalanceHealthCheckRateLimitAndCors() {
        LoadBalancerSpec spec = LbFixtures.shop(LbFixtures.options());
        assertThat(spec.balance()).isEqualTo(Balance.LEASTCONN);
        assertThat(spec.healthCheck()).isEqualTo(new HealthCheck("HEAD", "/healthz", 2, 2, 1));
        assertThat(spec.rateLimit()).contains(new RateLimit(3000, List.of("10.0.0.0/8", "127.0.0.1")));
        assertThat(spec.cors()).contains(new CorsPolicy("https://app.example.com", "GET, POST, OPTIONS", "Authorization", true));
    }

    @Test
    void portsBecomeSitesRedirectsAndStreamListeners() {
        LoadBalancerSpec spec = LbFixtures.shop(LbFixtures.options());
        assertThat(spec.sites()).extracting(HttpSite::name)
                .containsExactly("web-https-443", "web-http-80", "docs-http-80", "fallback-http-8080");
        assertThat(spec.sites().get(1).redirectToHttpsPort()).isEqualTo(443);
        assertThat(spec.sites().get(3).hosts()).containsExactly("_");
        assertThat(spec.redirects()).extracting(HostRedirect::fromHosts)
                .containsExactly(List.of("www.shop.example.com"), List.of("www.shop.example.com"),
                        List.of("www.docs.example.com"));
        assertThat(spec.streams()).extracting(StreamListener::protocol, StreamListener::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(StreamListener.Protocol.TCP, 6380),
                        org.assertj.core.groups.Tuple.tuple(StreamListener.Protocol.UDP, 5353));
    }

    @Test
    void anHttpsPortWithoutCertificateIsRefusedNamingTheServiceAndHosts() {
        var app = LbFixtures.app(LbFixtures.SERVICE_YML, null);
        assertThatThrownBy(() -> LoadBalancerPlanner.plan(app.services(), app.manifest().forEnvironment("production"),
                LbFixtures.twoBackends(), CertificateDirectory.NONE, LbFixtures.options()))
                .isInstanceOf(LoadBalancerConfigException.class)
                .hasMessageContaining("service 'web' maps https port 443")
                .hasMessageContaining("shop.example.com, *.shop.example.com");
    }

    @Test
    void aServiceWithoutPublishedContainersIsRefused() {
        var app = LbFixtures.app(LbFixtures.SERVICE_YML, null);
        assertThatThrownBy(() -> LoadBalancerPlanner.plan(app.services(), app.manifest().forEnvironment("production"),
                (s, p) -> List.of(), LbFixtures.webCertificate(), LbFixtures.options()))
                .hasMessageContaining("upstream 'web-3000' has no backends");
    }

    @Test
    void haproxyRefusesUdpAndSaysToUseNginx() {
        assertThatThrownBy(() -> HaproxyRenderer.render(LbFixtures.shop(LbFixtures.options())))
                .isInstanceOf(LoadBalancerConfigException.class)
                .hasMessageContaining("UDP port 5353")
                .hasMessageContaining("engine: nginx");
    }

    @Test
    void withoutManifestTheDefaultsApply() {
        var app = LbFixtures.app(LbFixtures.SERVICE_YML, null);
        LoadBalancerSpec spec = LoadBalancerPlanner.plan(app.services(), app.manifest().forEnvironment("production"),
                LbFixtures.twoBackends(), LbFixtures.webCertificate(), PlannerOptions.defaults(LbFixtures.FILES));
        assertThat(spec.engine()).isEqualTo(LoadBalancerSpec.Engine.NGINX);
        assertThat(spec.balance()).isEqualTo(Balance.ROUNDROBIN);
        assertThat(spec.healthCheck()).isEqualTo(HealthCheck.DEFAULT);
        assertThat(spec.rateLimit()).contains(new RateLimit(2000, List.of()));
        assertThat(spec.cors()).isEmpty();
        assertThat(spec.redirects()).isEmpty();
        assertThat(NginxRenderer.render(spec, NginxOptions.DEBIAN)).doesNotContain("Strict-Transport-Security");
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(NginxRenderer.render(LbFixtures.shop(LbFixtures.options()), NginxOptions.DEBIAN))
                .isEqualTo(NginxRenderer.render(LbFixtures.shop(LbFixtures.options()), NginxOptions.DEBIAN));
    }

    static LoadBalancerSpec withoutUdp(LoadBalancerSpec spec) {
        return new LoadBalancerSpec(LoadBalancerSpec.Engine.HAPROXY, spec.listenAddress(), spec.files(), spec.balance(),
                spec.healthCheck(), spec.keepaliveConnections(),
                spec.upstreams().stream().filter(u -> !u.name().equals("dns-53")).toList(), spec.sites(), spec.redirects(),
                spec.streams().stream().filter(s -> s.protocol() == StreamListener.Protocol.TCP).toList(), spec.tls(),
                spec.rateLimit(), spec.cors());
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
