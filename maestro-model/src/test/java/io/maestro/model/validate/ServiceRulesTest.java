package io.maestro.model.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.service.ServiceYmlFixture;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Semantic service.yml rules, each asserted as the exact line the user reads. */
class ServiceRulesTest {

    private static List<String> errors(String yaml) {
        return ServiceYmlFixture.load(yaml).errors();
    }

    private static List<String> errorsWithManifest(String serviceYml, String manifestYml) {
        Diagnostics diagnostics = new Diagnostics();
        DefinitionLoader.create().loadCollecting(Source.text("service.yml", serviceYml),
                Optional.of(Source.text("manifest.yml", manifestYml)), null, diagnostics);
        return diagnostics.errors().stream().map(Diagnostic::format).toList();
    }

    private static List<String> warnings(String yaml) {
        ServiceYmlFixture.Loaded loaded = ServiceYmlFixture.load(yaml);
        assertThat(loaded.errors()).isEmpty();
        return loaded.warnings();
    }

    private static String web(String... lines) {
        StringBuilder yaml = new StringBuilder("services:\n  web:\n    image: acme/web:1\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }

    @Nested
    class Names {
        @Test
        void serviceNameMustBeADnsLabelAndTheHintShowsAValidSpelling() {
            assertThat(errors("services:\n  Web_App:\n    image: x\n")).containsExactly(
                    "service.yml:2:3: error: services.Web_App: expected a service name that is a DNS-1123 label "
                            + "(lowercase letters, digits and '-', at most 63 characters, starting and ending with a "
                            + "letter or digit), got 'Web_App' (for example 'web-app')");
        }

        @Test
        void serviceNameMustStartWithALetterBecauseItNamesAKubernetesService() {
            assertThat(errors("services:\n  2fa:\n    image: x\n")).containsExactly(
                    "service.yml:2:3: error: services.2fa: expected a service name starting with a letter (Kubernetes "
                            + "Service names are DNS-1035 labels), got '2fa' (for example 'svc-2fa')");
        }

        @Test
        void serviceNameLongerThan63IsRejected() {
            String name = "a".repeat(64);
            assertThat(errors("services:\n  " + name + ":\n    image: x\n")).singleElement().asString()
                    .endsWith("got '" + name + "' (for example '" + "a".repeat(63) + "')");
        }

        @Test
        void portNamesAreIanaServiceNamesOfAtMost15Characters() {
            assertThat(errors(web("ports: [{container: 80, name: this-name-is-too-long}, {container: 81, name: \"8080\"}]")))
                    .containsExactly(
                            "service.yml:4:35: error: services.web.ports[0].name: expected a port name of at most 15 "
                                    + "lowercase letters, digits and '-' with at least one letter (IANA service name), "
                                    + "got 'this-name-is-too-long' (for example 'this-name-is-to')",
                            "service.yml:4:81: error: services.web.ports[1].name: expected a port name of at most 15 "
                                    + "lowercase letters, digits and '-' with at least one letter (IANA service name), "
                                    + "got '8080'");
        }

        @Test
        void portNamesAreUniqueWithinAService() {
            assertThat(errors(web("ports: [{container: 80, name: web}, {container: 81, name: web}]"))).containsExactly(
                    "service.yml:4:63: error: services.web.ports[1].name: port name 'web' is used twice in this "
                            + "service; first at services.web.ports[0].name");
        }

        @Test
        void serviceAccountNameMustBeADnsSubdomain() {
            assertThat(errors(web("service_account_name: Bad_Name"))).containsExactly(
                    "service.yml:4:27: error: services.web.service_account_name: expected a ServiceAccount name "
                            + "(lowercase letters, digits, '-' and '.', at most 253 characters), got 'Bad_Name'");
        }

        @Test
        void envVarNamesFollowKubernetesRules() {
            assertThat(errors(web("env_vars: {'1ST': a, 'A B': b, OK.name-1: c}"))).containsExactly(
                    "service.yml:4:16: error: services.web.env_vars.1ST: expected a variable name of letters, digits, "
                            + "'_', '-' or '.' not starting with a digit, got '1ST'",
                    "service.yml:4:26: error: services.web.env_vars.\"A B\": expected a variable name of letters, "
                            + "digits, '_', '-' or '.' not starting with a digit, got 'A B'");
        }

        @Test
        void tagsAndAnnotationsMustBeValidKubernetesSyntax() {
            assertThat(errors(web("tags: ['Bad Key=v', 'k=bad value', 'ok', 'example.com/tier=web']",
                    "annotations: {'-bad': x, example.com/fine: y}",
                    "constraints: {servers: {tags: ['zone=a b']}}"))).containsExactly(
                    "service.yml:4:12: error: services.web.tags[0]: expected a label key such as tier or "
                            + "example.com/tier (an optional DNS prefix and '/', then at most 63 letters, digits, '-', "
                            + "'_' or '.'), got 'Bad Key'",
                    "service.yml:4:25: error: services.web.tags[1]: expected a label value of at most 63 letters, "
                            + "digits, '-', '_' or '.' starting and ending with a letter or digit, got 'bad value'",
                    "service.yml:5:19: error: services.web.annotations.-bad: expected an annotation key such as "
                            + "example.com/owner (an optional DNS prefix and '/', then at most 63 letters, digits, '-', "
                            + "'_' or '.'), got '-bad'",
                    "service.yml:6:36: error: services.web.constraints.servers.tags[0]: expected a label value of at "
                            + "most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, "
                            + "got 'a b'");
        }
    }

    @Nested
    class Sources {
        @Test
        void aServiceNeedsAnImageOrAGitUrl() {
            assertThat(errors("services:\n  web:\n    git_branch: main\n")).containsExactly(
                    "service.yml:2:3: error: services.web: expected 'image' (a pre-built image) or 'git_url' (a "
                            + "repository to build), got neither (for example image: nginx:1.27)");
        }
    }

    @Nested
    class Commands {
        @Test
        void aCommandWithAnUnclosedQuoteIsRejectedAtItsPosition() {
            assertThat(errors(web("command: echo \"hi there"))).containsExactly(
                    "service.yml:4:14: error: services.web.command: expected a closing \" for the quote at character 6, "
                            + "got 'echo \"hi there' (quotes group words as in a shell: close each quote, or escape a "
                            + "literal quote with a backslash)");
        }

        @Test
        void aCommandEndingInALoneBackslashIsRejected() {
            assertThat(errors(web("command: 'run \\'"))).containsExactly(
                    "service.yml:4:14: error: services.web.command: expected a character after the final backslash, "
                            + "got 'run \\' (quotes group words as in a shell: close each quote, or escape a literal "
                            + "quote with a backslash)");
        }

        @Test
        void hookCommandsRunInAShellSoTheirQuotesAreTheShellsBusiness() {
            assertThat(warnings(web("command: \"sh -c 'echo it''s'\"", "pre_stop_command: echo 'unclosed"))).isEmpty();
        }
    }

    @Nested
    class ServiceNamesMaestroUses {
        @Test
        void aServiceCannotTakeTheNameOfADataStoreOfTheApplication() {
            assertThat(errors("services:\n  redis:\n    image: x\ndatabases: [redis]\n")).containsExactly(
                    "service.yml:2:3: error: services.redis: expected a service name that Maestro does not use itself, "
                            + "got 'redis', the name of the Service Maestro renders for the redis data store (rename the "
                            + "service, for example 'redis-app')");
        }

        @Test
        void aServiceMayUseADataStoreNameWhenTheApplicationHasNoSuchStore() {
            assertThat(warnings("services:\n  redis:\n    image: x\ndatabases: [postgresql]\n")).isEmpty();
            assertThat(ServiceYmlFixture.load("services:\n  mongodb:\n    image: x\ndatabases: [mongodb]\n").errors())
                    .as("Maestro renders no Service for a store it does not provision yet").isEmpty();
        }

        @Test
        void aServiceCannotTakeTheNameOfADataStoreGroupInAnyEnvironment() {
            assertThat(errorsWithManifest("services:\n  mysql-reporting:\n    image: x\n", """
                    staging:
                      mysql:
                        groups:
                          main: {}
                          reporting: {}
                    """)).containsExactly(
                    "service.yml:2:3: error: services.mysql-reporting: expected a service name that Maestro does not use "
                            + "itself, got 'mysql-reporting', the name of the Service Maestro renders for the 'reporting' "
                            + "group of the mysql data store (rename the service, for example 'mysql-reporting-app')");
        }

        @Test
        void aServiceCannotTakeTheNameOfAnotherServicesLayer4Service() {
            assertThat(errors("""
                    services:
                      game:
                        image: x
                        ports: [{container: 7777, udp: 7777}]
                      game-l4:
                        image: y
                    """)).containsExactly(
                    "service.yml:5:3: error: services.game-l4: expected a service name that Maestro does not use itself, "
                            + "got 'game-l4', the name of the Service Maestro renders for the tcp/udp ports of service "
                            + "'game' (rename the service, for example 'game-l4-app')");
        }
    }

    @Nested
    class Ports {
        @Test
        void duplicateContainerPortsWithinAServiceAreErrors() {
            assertThat(errors(web("ports: [3000, \"3000:80\"]"))).containsExactly(
                    "service.yml:4:19: error: services.web.ports[1]: container port 3000 (TCP) is listed twice; first "
                            + "at services.web.ports[0] (list each container port once with all its mappings)");
        }

        @Test
        void theSameContainerPortMayServeTcpAndUdp() {
            assertThat(warnings(web("ports: [{container: 53, udp: 53}, {container: 53, tcp: 53}]"))).isEmpty();
        }

        @Test
        void twoServicesOnOneHttpPortNeedTrafficMatches() {
            assertThat(errors("""
                    services:
                      a:
                        image: x
                        ports: ["3000:80"]
                      b:
                        image: y
                        ports: ["4000:80"]
                    """)).containsExactly(
                    "service.yml:7:13: error: services.b.ports[0].http: external HTTP port 80 is also claimed by "
                            + "service 'a' and not both services have traffic_matches (services sharing a web port "
                            + "need distinct traffic_matches host names)");
        }

        @Test
        void twoServicesOnOneHttpPortMustNotShareAHost() {
            assertThat(errors("""
                    services:
                      a:
                        image: x
                        ports: ["3000:80:443"]
                        traffic_matches: [a.example.com, shared.example.com]
                      b:
                        image: y
                        ports: ["4000::443"]
                        traffic_matches: [shared.example.com]
                    """)).containsExactly(
                    "service.yml:8:13: error: services.b.ports[0].https: external HTTPS port 443 is also claimed by "
                            + "service 'a' and both services match host 'shared.example.com' (services sharing a web "
                            + "port need distinct traffic_matches host names)");
        }

        @Test
        void distinctHostsShareWebPorts() {
            assertThat(warnings("""
                    services:
                      a:
                        image: x
                        ports: ["3000:80:443"]
                        traffic_matches: ["*.example.com"]
                      b:
                        image: y
                        ports: ["4000:80:443"]
                        traffic_matches: [_]
                    """)).isEmpty();
        }

        @Test
        void tcpPortsAreNeverShared() {
            assertThat(errors("""
                    services:
                      a:
                        image: x
                        ports: [{container: 1, tcp: 9000}]
                        traffic_matches: [a.example.com]
                      b:
                        image: y
                        ports: [{container: 1, http: 9000}, {container: 2, udp: 9000}]
                        traffic_matches: [b.example.com]
                      c:
                        image: z
                        ports: [{container: 3, udp: 9000}]
                    """)).containsExactly(
                    "service.yml:8:34: error: services.b.ports[0].http: external HTTP port 9000 is also claimed as "
                            + "TCP by service 'a' (services.a.ports[0].tcp) (a TCP or UDP port is bound directly and "
                            + "belongs to one service; pick another port)",
                    "service.yml:12:33: error: services.c.ports[0].udp: external UDP port 9000 is also claimed as UDP "
                            + "by service 'b' (services.b.ports[1].udp) (a TCP or UDP port is bound directly and belongs "
                            + "to one service; pick another port)");
        }

        @Test
        void onePortCannotBeBothHttpAndHttps() {
            assertThat(errors(web("ports: [\"3000:8080\", \"3001::8080\"]"))).containsExactly(
                    "service.yml:4:26: error: services.web.ports[1].https: external HTTPS port 8080 is also claimed as "
                            + "HTTP by services.web.ports[0].http (one port cannot serve both HTTP and HTTPS)");
        }

        @Test
        void oneServiceCannotMapOneExternalPortTwice() {
            assertThat(errors(web("ports: [\"3000:80\", \"3001:80\"]"))).containsExactly(
                    "service.yml:4:24: error: services.web.ports[1].http: external HTTP port 80 is already used by "
                            + "services.web.ports[0].http (one external port leads to one container port)");
        }
    }

    @Nested
    class Injection {
        @Test
        void trafficMatchesMustBeHostNames() {
            assertThat(errors(web("ports: [\"80:80\"]", "traffic_matches: [ok.example.com, 'x;y', 'Upper.com', "
                    + "'a.com { return 200; }']"))).containsExactly(
                    "service.yml:5:39: error: services.web.traffic_matches[1]: expected a lowercase host name, a "
                            + "wildcard such as *.example.com, or _ (catch-all), got 'x;y' (host names go into generated "
                            + "load balancer configurations, so nothing else is allowed)",
                    "service.yml:5:46: error: services.web.traffic_matches[2]: expected a lowercase host name, a "
                            + "wildcard such as *.example.com, or _ (catch-all), got 'Upper.com' (host names go into "
                            + "generated load balancer configurations, so nothing else is allowed)",
                    "service.yml:5:59: error: services.web.traffic_matches[3]: expected a lowercase host name, a "
                            + "wildcard such as *.example.com, or _ (catch-all), got 'a.com { return 200; }' (host "
                            + "names go into generated load balancer configurations, so nothing else is allowed)");
        }

        @Test
        void healthEndpointsMustBeSafePaths() {
            assertThat(errors(web("ports: [80]", "health:", "  ready: {endpoint: \"/ok;return 200\"}",
                    "  alive: {endpoint: healthz}", "  startup: {endpoint: \"/x${y}\"}"))).containsExactly(
                    "service.yml:6:25: error: services.web.health.ready.endpoint: expected a path without whitespace, "
                            + "quotes, ;, {, }, #, $, \\ or control characters, got '/ok;return 200' containing ';' "
                            + "(these characters could inject directives into generated nginx or HAProxy configurations)",
                    "service.yml:7:25: error: services.web.health.alive.endpoint: expected a URL path starting with "
                            + "'/', got 'healthz' (for example /healthz)",
                    "service.yml:8:27: error: services.web.health.startup.endpoint: expected a path without "
                            + "whitespace, quotes, ;, {, }, #, $, \\ or control characters, got '/x${y}' containing '$' "
                            + "(these characters could inject directives into generated nginx or HAProxy configurations)");
        }

        @Test
        void v1EndpointsAreCheckedAfterMapping() {
            assertThat(errors(web("ports: [80]", "health: {endpoint: \"/a b\"}"))).containsExactly(
                    "service.yml:5:24: error: services.web.health.ready.endpoint: expected a path without whitespace, "
                            + "quotes, ;, {, }, #, $, \\ or control characters, got '/a b' containing a space (these "
                            + "characters could inject directives into generated nginx or HAProxy configurations)");
        }

        @Test
        void aLineBreakInAPathIsShownEscapedOnOneLine() {
            assertThat(errors(web("log_folder: \"/var/log\\nserver { }\""))).containsExactly(
                    "service.yml:4:17: error: services.web.log_folder: expected a path without whitespace, quotes, ;, "
                            + "{, }, #, $, \\ or control characters, got '/var/log\\nserver { }' containing a line break "
                            + "(these characters could inject directives into generated nginx or HAProxy configurations)");
        }
    }

    @Nested
    class Paths {
        @Test
        void mountPathsAreAbsoluteUniqueAndSubPathsRelative() {
            assertThat(errors(web("""
                    volumes:
                          - {mount_path: data, empty_dir: {}}
                          - {mount_path: /d, sub_path: a, sub_path_expr: $(X), empty_dir: {}}
                          - {mount_path: /d/, host_path: {path: rel}}
                          - {mount_path: /e, sub_path: ../etc, empty_dir: {}}
                          - "/host:/f"
                          - "relative:/g\""""))).containsExactly(
                    "service.yml:5:22: error: services.web.volumes[0].mount_path: expected an absolute path starting "
                            + "with '/', got 'data'",
                    "service.yml:6:54: error: services.web.volumes[1].sub_path_expr: cannot be combined with sub_path "
                            + "(keep one of them)",
                    "service.yml:7:22: error: services.web.volumes[2].mount_path: mount path /d/ is used twice; first "
                            + "at services.web.volumes[1] (mount each container path once)",
                    "service.yml:7:45: error: services.web.volumes[2].host_path.path: expected an absolute path "
                            + "starting with '/', got 'rel'",
                    "service.yml:8:36: error: services.web.volumes[3].sub_path: expected a relative path inside the "
                            + "volume (no leading '/' and no '..'), got '../etc'",
                    "service.yml:10:9: error: services.web.volumes[5].host_path.path: expected an absolute path "
                            + "starting with '/', got 'relative'");
        }

        @Test
        void theLogFolderCannotShareAMountPathWithAVolume() {
            assertThat(errors(web("log_folder: /app/log/", "volumes: [{mount_path: /app/log, empty_dir: {}}]")))
                    .containsExactly("service.yml:4:17: error: services.web.log_folder: log folder /app/log/ is also the "
                            + "mount path of services.web.volumes[0] (the log folder is mounted from the node; log "
                            + "elsewhere or drop that volume)");
        }

        @Test
        void workDirAndLogFolderAreAbsolute() {
            assertThat(errors(web("work_dir: app", "log_folder: /app/log"))).containsExactly(
                    "service.yml:4:15: error: services.web.work_dir: expected an absolute path starting with '/', got 'app'");
        }
    }

    @Nested
    class ResourcesAndCounts {
        @Test
        void requestsAboveLimitsAreErrors() {
            assertThat(errors(web("constraints:", "  resources:", "    requests: {cpu: 1500m, memory: 2Gi}",
                    "    limits: {cpu: 1, memory: 1Gi}"))).containsExactly(
                    "service.yml:6:25: error: services.web.constraints.resources.requests.cpu: request 1500m is above "
                            + "the limit 1 (requests must be at most limits)",
                    "service.yml:6:40: error: services.web.constraints.resources.requests.memory: request 2Gi is above "
                            + "the limit 1Gi (requests must be at most limits)");
        }

        @Test
        void v1FlatFormIsComparedAfterMapping() {
            assertThat(errors(web("constraints: {resources: {cpu: 2048, limits: {cpu: 1}}}"))).containsExactly(
                    "service.yml:4:36: error: services.web.constraints.resources.requests.cpu: request 2 is above the "
                            + "limit 1 (requests must be at most limits)");
        }

        @Test
        void minCountAboveMaxCountIsAnError() {
            assertThat(errors(web("constraints: {min_count: 5, max_count: 2}"))).containsExactly(
                    "service.yml:4:30: error: services.web.constraints.min_count: min_count 5 is above max_count 2");
        }

        @Test
        void aDaemonSetEitherSurgesOrTakesPodsDownNotBoth() {
            assertThat(errors(web("type: daemon_set", "constraints: {max_surge: 25%}"))).containsExactly(
                    "service.yml:5:30: error: services.web.constraints.max_surge: expected max_surge only with "
                            + "max_unavailable: 0 on a daemon_set (Kubernetes replaces its pods either by surging or by "
                            + "taking them down, not both), got max_surge 25% with max_unavailable 1 (the default) (add "
                            + "max_unavailable: 0, or drop max_surge)");
            assertThat(errors(web("type: daemon_set", "constraints: {max_unavailable: 0}"))).containsExactly(
                    "service.yml:5:36: error: services.web.constraints.max_unavailable: expected max_surge above 0 "
                            + "with max_unavailable: 0 on a daemon_set, got no max_surge (a rollout could then neither "
                            + "add nor remove a pod)");
            assertThat(warnings(web("type: daemon_set", "constraints: {max_surge: 1, max_unavailable: 0%}"))).isEmpty();
            assertThat(warnings(web("constraints: {max_surge: 25%}"))).as("a Deployment may do both").isEmpty();
        }

        @Test
        void minCountZeroBelowAMaxCountWarnsThatTheAutoscalerKeepsOnePod() {
            assertThat(warnings(web("constraints: {min_count: 0, max_count: 3}"))).containsExactly(
                    "service.yml:4:30: warning: services.web.constraints.min_count: 0 is treated as 1: between "
                            + "min_count and max_count a Kubernetes autoscaler scales the service, and it cannot scale to "
                            + "zero (set min_count: 1; without max_count, min_count: 0 stops the service)");
            assertThat(warnings(web("constraints: {min_count: 0}"))).isEmpty();
        }

        @Test
        void surgeAndUnavailableCannotBothBeZero() {
            assertThat(errors(web("constraints: {max_surge: 0, max_unavailable: '0%'}"))).containsExactly(
                    "service.yml:4:30: error: services.web.constraints.max_surge: max_surge and max_unavailable cannot "
                            + "both be 0 (a rollout could then neither add nor remove a pod)");
        }
    }

    @Nested
    class Probes {
        @Test
        void probesThatConnectNeedAPort() {
            assertThat(errors(web("health: default"))).containsExactly(
                    "service.yml:4:13: error: services.web.health: health: default probes the first container port, "
                            + "but the service has no ports (add ports, or describe the probes with an explicit port)");
            assertThat(errors(web("health: {ready: {type: tcp}, alive: {type: exec, command: x}, startup: {port: 80}}")))
                    .containsExactly("service.yml:4:21: error: services.web.health.ready: a tcp probe needs a port, "
                            + "but the service has no ports (add ports, or set the probe's port)");
        }

        @Test
        void trafficMatchesWithoutWebPortsWarns() {
            assertThat(warnings(web("ports: [80]", "traffic_matches: [a.example.com]"))).containsExactly(
                    "service.yml:5:22: warning: services.web.traffic_matches: has no effect: the service has no http "
                            + "or https port (add an http or https mapping to ports)");
        }
    }

    @Test
    void fiveRuleViolationsGiveFiveErrorsAtOnce() {
        assertThat(errors("""
                services:
                  Web:
                    image: x
                    ports: [3000, 3000]
                    constraints: {min_count: 3, max_count: 1}
                  worker:
                    command: run
                    work_dir: relative
                """)).containsExactly(
                "service.yml:2:3: error: services.Web: expected a service name that is a DNS-1123 label (lowercase "
                        + "letters, digits and '-', at most 63 characters, starting and ending with a letter or digit), "
                        + "got 'Web' (for example 'web')",
                "service.yml:4:19: error: services.Web.ports[1]: container port 3000 (TCP) is listed twice; first at "
                        + "services.Web.ports[0] (list each container port once with all its mappings)",
                "service.yml:5:30: error: services.Web.constraints.min_count: min_count 3 is above max_count 1",
                "service.yml:6:3: error: services.worker: expected 'image' (a pre-built image) or 'git_url' (a "
                        + "repository to build), got neither (for example image: nginx:1.27)",
                "service.yml:8:15: error: services.worker.work_dir: expected an absolute path starting with '/', got "
                        + "'relative'");
    }
}
