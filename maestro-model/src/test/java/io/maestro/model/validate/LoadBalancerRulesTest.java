package io.maestro.model.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** service.yml ports against the manifest's load balancer engine. */
class LoadBalancerRulesTest {

    private static final String DNS_AND_WEB = """
            services:
              dns:
                image: acme/dns:1
                ports:
                  - 8080
                  - container: 5353
                    udp: 53
              web:
                image: acme/web:1
                ports: ["3000:80:443"]
            """;

    private static List<String> errors(String serviceYml, String manifestYml, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        DefinitionLoader.create().loadCollecting(Source.text("service.yml", serviceYml),
                Optional.of(Source.text("manifest.yml", manifestYml)), environment, diagnostics);
        return diagnostics.errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void aUdpPortBehindAnHaproxyLoadBalancerIsRefusedNamingThePortWithANginxHint() {
        assertThat(errors(DNS_AND_WEB, """
                load_balancer:
                  configuration: {engine: haproxy}
                """, null)).containsExactly(
                "service.yml:7:14: error: services.dns.ports[1].udp: UDP port 53 of service 'dns' cannot go through the "
                        + "HAProxy load balancer of the manifest: HAProxy (community edition) proxies TCP and HTTP only "
                        + "(use nginx, which proxies UDP: set load_balancer.configuration.engine: nginx in manifest.yml)");
    }

    @Test
    void nginxOrNoLoadBalancerAcceptsUdpPorts() {
        assertThat(errors(DNS_AND_WEB, "load_balancer:\n  configuration: {engine: nginx}\n", null)).isEmpty();
        assertThat(errors(DNS_AND_WEB, "load_balancer:\n  configuration: {balance: source}\n", null)).isEmpty();
        assertThat(errors(DNS_AND_WEB, "docker:\n  configuration: {}\n", null)).isEmpty();
    }

    @Test
    void onlyTheEnvironmentsThatUseHaproxyAreNamedAndADeployToAnotherEnvironmentPasses() {
        String manifest = """
                production:
                  load_balancer:
                    configuration: {engine: haproxy}
                staging:
                  load_balancer:
                    configuration: {engine: nginx}
                """;
        assertThat(errors(DNS_AND_WEB, manifest, "staging")).isEmpty();
        assertThat(errors(DNS_AND_WEB, manifest, "production")).singleElement().asString()
                .contains("UDP port 53 of service 'dns'")
                .contains("HAProxy load balancer of environment 'production' or the common settings");
    }

    @Test
    void tcpPortsBehindHaproxyAreFine() {
        assertThat(errors("""
                services:
                  redis:
                    image: redis:7
                    ports:
                      - container: 6379
                        tcp: 6379
                """, "load_balancer:\n  configuration: {engine: haproxy}\n", null)).isEmpty();
    }
}
