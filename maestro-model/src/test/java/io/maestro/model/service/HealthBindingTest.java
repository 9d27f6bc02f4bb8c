package io.maestro.model.service;

import static io.maestro.model.service.BindingTestSupport.errors;
import static io.maestro.model.service.BindingTestSupport.valid;
import static io.maestro.model.service.BindingTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.Health.HttpHeader;
import io.maestro.model.service.Health.Probe;
import io.maestro.model.service.Health.ProbeType;
import io.maestro.model.service.ServiceYmlFixture.Loaded;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthBindingTest {

    @Test
    void defaultNoneAndAbsent() {
        assertThat(valid(web("ports: [80]", "health: default")).service("web").health()).isEqualTo(new Health.Defaults());
        assertThat(valid(web("health: none")).service("web").health()).isEqualTo(new Health.None());
        assertThat(valid(web()).service("web").health()).isEqualTo(new Health.None());
    }

    @Test
    void probesGetTheDocumentedDefaults() {
        Health.Probes probes = (Health.Probes) valid(web("ports: [80]", "health: {ready: {}}")).service("web").health();
        assertThat(probes.ready()).isEqualTo(Probe.defaultHttp());
        assertThat(probes.ready()).isEqualTo(new Probe(ProbeType.HTTP, "/", null, 5, 1, 1, 1, 5, null, List.of()));
    }

    @Test
    void everyProbeKeyBinds() {
        Health.Probes probes = (Health.Probes) valid(web("ports: [80]", """
                health:
                      ready: {type: https, endpoint: /ready, timeout: 3, success_threshold: 2, failure_threshold: 4, initial_delay: 0, period: 7, port: 8443, http_headers: [{name: X-Probe, value: "1"}]}
                      startup: {type: tcp, port: 5432, failure_threshold: 30}""")).service("web").health();
        assertThat(probes.ready()).isEqualTo(new Probe(ProbeType.HTTPS, "/ready", null, 3, 2, 4, 0, 7, 8443,
                List.of(new HttpHeader("X-Probe", "1"))));
        assertThat(probes.startup()).isEqualTo(new Probe(ProbeType.TCP, "/", null, 5, 1, 30, 1, 5, 5432, List.of()));
        assertThat(probes.alive()).isNull();
    }

    @Test
    void execNeedsACommandAndLivenessSuccessMustBeOne() {
        assertThat(errors(web("ports: [80]", "health:", "  ready: {type: exec}", "  alive: {success_threshold: 2}")))
                .containsExactly(
                        "service.yml:6:14: error: services.web.health.ready: an exec probe needs 'command' (run in the "
                                + "container; exit code 0 is healthy)",
                        "service.yml:7:34: error: services.web.health.alive.success_threshold: expected 1 for a liveness "
                                + "probe, got 2 (Kubernetes allows other values for readiness probes only)");
    }

    @Test
    void startupSuccessMustBeOne() {
        assertThat(errors(web("ports: [80]", "health:", "  startup: {type: tcp, success_threshold: 3}")))
                .containsExactly("service.yml:6:47: error: services.web.health.startup.success_threshold: expected 1 "
                        + "for a startup probe, got 3 (Kubernetes allows other values for readiness probes only)");
    }

    @Test
    void keysThatDoNotApplyToTheProbeTypeWarn() {
        Loaded loaded = valid(web("ports: [80]", "health: {alive: {type: tcp, endpoint: /x}}"));
        assertThat(loaded.warnings()).containsExactly("service.yml:5:33: warning: services.web.health.alive.endpoint: "
                + "ignored: it does not apply to tcp probes");
    }

    @Test
    void v1InboundBecomesAReadinessProbeWithAWarning() {
        Loaded loaded = valid(web("ports: [80]", "health: {type: inbound, protocol: https, endpoint: /up, timeout: 1m}"));
        Health.Probes probes = (Health.Probes) loaded.service("web").health();
        assertThat(probes.ready()).isEqualTo(new Probe(ProbeType.HTTPS, "/up", null, 60, 1, 1, 1, 5, null, List.of()));
        assertThat(loaded.warnings()).containsExactly("service.yml:5:13: warning: services.web.health: V1 health check "
                + "mapped to a readiness probe (https on /up, timeout 60s) (V2 form: health: {ready: {type: https, "
                + "endpoint: /up, timeout: 60}})");
    }

    @Test
    void v1OutboundIsNotSupported() {
        Loaded loaded = valid(web("health: {type: outbound}"));
        assertThat(loaded.service("web").health()).isEqualTo(new Health.None());
        assertThat(loaded.warnings()).containsExactly("service.yml:4:13: warning: services.web.health: V1 outbound "
                + "health checks (the container reports to $CONTAINER_NOTIFY_URL) are not supported on Kubernetes; no "
                + "probe is created (use a readiness probe instead: health: {ready: {type: http, endpoint: /health}})");
    }

    @Test
    void v1AcceptCodesOutsideTheProbeRangeWarnAndBadCodesAreErrors() {
        Loaded loaded = valid(web("ports: [80]", "health: {endpoint: /, accept: [\"200\", \"400-404\"]}"));
        assertThat(loaded.warnings()).contains("service.yml:5:35: warning: services.web.health.accept: Kubernetes "
                + "probes count 200-399 as healthy; other status codes cannot be honoured");
        assertThat(errors(web("ports: [80]", "health: {endpoint: /, accept: [\"2xx\"], timeout: forever}")))
                .containsExactly(
                        "service.yml:5:36: error: services.web.health.accept[0]: expected an HTTP status code or range "
                                + "such as 200 or 300-399, got '2xx'",
                        "service.yml:5:53: error: services.web.health.timeout: expected a duration between 1s and 1h "
                                + "such as 30s or 1m, got 'forever'");
    }

    @Test
    void v1AndV2KeysCannotBeMixed() {
        assertThat(errors(web("ports: [80]", "health: {type: inbound, ready: {}}"))).containsExactly(
                "service.yml:5:14: error: services.web.health.type: V1 health keys (type) cannot be mixed with V2 "
                        + "probes (ready) (describe each probe under ready, alive or startup)");
    }

    @Test
    void otherScalarsAreErrors() {
        assertThat(errors(web("health: always"))).containsExactly(
                "service.yml:4:13: error: services.web.health: expected one of default, none, got 'always'");
    }
}
