package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.compose.ComposeConverter.Conversion;
import io.maestro.model.source.Diagnostic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One mapping rule at a time, on small compose files. */
class ComposeMappingTest {

    private static Conversion convert(String compose) {
        return ComposeConverter.convert(Source.text("compose.yml", compose));
    }

    /** The generated service body without the header comment and the version/services lines. */
    private static String body(String compose) {
        String out = convert(compose).serviceYml();
        return out.substring(out.indexOf("services:\n") + "services:\n".length());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"80:3000\"|http: 80",
            "\"8080:3000\"|http: 8080",
            "\"443:3000\"|https: 443",
            "\"8443:3000\"|https: 8443",
            "\"5432:3000\"|tcp: 5432",
            "\"53:3000/udp\"|udp: 53",
            "\"0.0.0.0:80:3000\"|http: 80",
            "{target: 3000, published: 9000, app_protocol: https}|https: 9000",
            "{target: 3000, published: \"80\", protocol: udp}|udp: 80",
    })
    @DisplayName("a published port's kind follows the port rule")
    void publishedPortKind(String port, String expected) {
        assertThat(body("services:\n  web:\n    image: web\n    ports:\n      - " + port + "\n")).isEqualTo("""
                  web:
                    image: web
                    ports:
                      - container: 3000
                        %s
                """.formatted(expected));
    }

    @Test
    void unpublishedAndExposedPortsStayInternalAndAreNotRepeated() {
        assertThat(body("""
                services:
                  web:
                    image: web
                    ports: ["3000", 4000]
                    expose: ["3000", "5000/udp"]
                """)).isEqualTo("""
                  web:
                    image: web
                    ports:
                      - container: 3000
                      - container: 4000
                      - container: 5000
                """);
    }

    @Test
    void portsMayUseVariablesWithDefaults() {
        Conversion conversion = convert("""
                services:
                  web:
                    image: web
                    ports: ["${WEB_PORT:-80}:3000", "${DEBUG_PORT}:9229"]
                """);
        assertThat(conversion.serviceYml()).contains("      - container: 3000\n        http: 80\n")
                .doesNotContain("9229");
        assertThat(conversion.notConverted()).containsExactly(
                "web.ports[1]: uses ${DEBUG_PORT}, which has no default; service.yml does not expand variables here");
        assertThat(conversion.warnings()).extracting(Diagnostic::fullMessage).containsExactly(
                "services.web.ports[0]: uses the default value of ${WEB_PORT:-80}; service.yml does not expand"
                        + " variables here, so the value is fixed to '80:3000'");
    }

    @Test
    void bigRangesAreNotExpanded() {
        Conversion conversion = convert("services:\n  web:\n    image: web\n    ports: [\"1000-2000:1000-2000\"]\n");
        assertThat(conversion.notConverted()).containsExactly(
                "web.ports[0]: a range of 1001 ports; convert at most 100 ports per range, or list them");
    }

    @Test
    void environmentInListAndMapFormsBecomesEnvVars() {
        String list = body("""
                services:
                  web:
                    image: web
                    environment: ["A=1", "B=x=y", "C", "D=", "E=${E:-e}"]
                """);
        String map = body("""
                services:
                  web:
                    image: web
                    environment: {A: 1, B: x=y, C: null, D: "", E: "${E:-e}"}
                """);
        assertThat(list).isEqualTo(map).isEqualTo("""
                  web:
                    image: web
                    env_vars:
                      A: "1"
                      B: x=y
                      C: "_env(C)"
                      D: ""
                      E: "_env(E:e)"
                """);
    }

    @Test
    void labelsBecomeTagsOrAnnotations() {
        Conversion conversion = convert("""
                services:
                  web:
                    image: web
                    labels:
                      tier: web
                      example.com/team: shop
                      flag: ""
                      note: "two words"
                      "bad key!": x
                """);
        assertThat(conversion.serviceYml()).contains("""
                    tags:
                      - tier=web
                      - example.com/team=shop
                      - flag
                    annotations:
                      note: two words
                """);
        assertThat(conversion.notConverted()).containsExactly(
                "web.labels.\"bad key!\": 'bad key!' is not a valid Kubernetes label or annotation key");
    }

    @Test
    void resourcesUseTheV2Forms() {
        assertThat(body("""
                services:
                  web:
                    image: web
                    mem_reservation: 128m
                    mem_limit: 268435456
                    cpus: 0.25
                """)).isEqualTo("""
                  web:
                    image: web
                    constraints:
                      resources:
                        requests:
                          memory: "128Mi"
                        limits:
                          cpu: "250m"
                          memory: "256Mi"
                """);
    }

    @Test
    void hostPathsStayShortAndNamedVolumesBecomeClaims() {
        Conversion conversion = convert("""
                services:
                  a:
                    image: a
                    volumes: ["/srv/a:/data:ro", "shared:/shared"]
                  b:
                    image: b
                    volumes: ["shared:/shared:rw"]
                volumes:
                  shared: {}
                """);
        assertThat(conversion.serviceYml()).contains("""
                    volumes:
                      - /srv/a:/data:ro
                      - mount_path: /shared
                        persistent_volume_claim:
                          size: "1Gi"
                """);
        assertThat(conversion.warnings()).extracting(Diagnostic::format).containsExactly(
                "compose.yml:4:34: warning: services.a.volumes[1]: named volume 'shared' becomes a persistent volume"
                        + " claim of 1Gi; check the size; each service gets its own claim, so a, b no longer share"
                        + " its data",
                "compose.yml:7:15: warning: services.b.volumes[0]: named volume 'shared' becomes a persistent volume"
                        + " claim of 1Gi; check the size; each service gets its own claim, so a, b no longer share"
                        + " its data");
    }

    @Test
    void serviceNamesBecomeDnsLabels() {
        assertThat(body("""
                services:
                  My_App:
                    image: a
                  my.app:
                    image: b
                """)).isEqualTo("""
                  my-app:
                    image: a
                  my-app-2:
                    image: b
                """);
    }

    @Test
    void dependsOnIsDroppedWithTheReasonGivenByTheBrief() {
        assertThat(convert("""
                services:
                  web:
                    image: web
                    depends_on: [db]
                    links: [db]
                  db:
                    image: db
                """).notConverted()).containsExactly(
                "web.depends_on: V2 has no start order; services reach each other by name",
                "web.links: not supported; use the service name as the host name (http://db:5432)");
    }
}
