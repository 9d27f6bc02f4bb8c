package io.maestro.model.service;

import static io.maestro.model.service.BindingTestSupport.errors;
import static io.maestro.model.service.BindingTestSupport.valid;
import static io.maestro.model.service.BindingTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.ServiceYmlFixture.Loaded;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Binding of every service.yml key family: the values it produces and the exact lines it prints
 * for mistakes ({@code service.yml:L:C: error: ...}).
 */
class ServiceYmlBinderTest {

    private static List<String> warnings(String yaml) {
        return valid(yaml).warnings();
    }

    @Nested
    class TopLevel {
        @Test
        void missingServicesIsAnErrorWithAnExample() {
            assertThat(errors("version: 2\n")).containsExactly(
                    "service.yml:1:1: error: services: missing; expected a map of service names to services "
                            + "(for example: services: {web: {image: acme/web:1.0, ports: [\"3000:80\"]}})");
        }

        @Test
        void emptyServicesIsAnError() {
            assertThat(errors("services: {}\n")).containsExactly(
                    "service.yml:1:11: error: services: expected at least one service "
                            + "(for example: services: {web: {image: acme/web:1.0, ports: [\"3000:80\"]}})");
        }

        @Test
        void versionIsOptionalAndKept() {
            assertThat(valid("version: 2\n" + web()).services().version()).isEqualTo(2);
            assertThat(valid(web()).services().version()).isNull();
        }

        @Test
        void unknownKeysGetADidYouMean() {
            assertThat(errors(web("imgae: x"))).containsExactly(
                    "service.yml:4:5: error: services.web.imgae: unknown key (did you mean 'image'?)");
        }

        @Test
        void composeOnlyKeysAreUnknownKeys() {
            assertThat(errors(web("cap_add: [NET_ADMIN]"))).singleElement().asString()
                    .startsWith("service.yml:4:5: error: services.web.cap_add: unknown key (allowed keys: image, ");
        }

        @Test
        void fiveMistakesGiveFiveErrorsAtOnce() {
            assertThat(errors("""
                    services:
                      web:
                        image: acme/web:1
                        ports: [70000]
                        restart_on_deploy: maybe
                        type: daemonset
                        stop_grace: soon
                        helth: default
                    """)).containsExactly(
                    "service.yml:4:13: error: services.web.ports[0]: expected a port number between 1 and 65535, got '70000'",
                    "service.yml:5:24: error: services.web.restart_on_deploy: expected true or false, got 'maybe'",
                    "service.yml:6:11: error: services.web.type: expected one of service, deployment, daemon_set, "
                            + "got 'daemonset' (did you mean 'daemon_set'?)",
                    "service.yml:7:17: error: services.web.stop_grace: expected a number of seconds between 0 and 86400, "
                            + "got 'soon'",
                    "service.yml:8:5: error: services.web.helth: unknown key (did you mean 'health'?)");
        }
    }

    @Nested
    class Databases {
        @Test
        void knownKindsBindInOrderWithoutDuplicates() {
            Loaded loaded = valid("databases: [postgresql, redis, redis, mysql]\n" + web());
            assertThat(loaded.services().databases())
                    .containsExactly(DatabaseKind.POSTGRESQL, DatabaseKind.REDIS, DatabaseKind.MYSQL);
        }

        @Test
        void unknownKindIsAnErrorWithDidYouMean() {
            assertThat(errors("databases: [postgres]\n" + web())).containsExactly(
                    "service.yml:1:13: error: databases[0]: expected one of postgresql, mysql, redis, memcached, "
                            + "rabbitmq, mongodb, elasticsearch, glusterfs, postgis, influxdb, got 'postgres' "
                            + "(did you mean 'postgresql'?)");
        }

        @Test
        void unsupportedKindsWarnAndAreLeftOut() {
            Loaded loaded = valid("databases: [mongodb, elasticsearch, redis]\n" + web());
            assertThat(loaded.services().databases()).containsExactly(DatabaseKind.REDIS);
            assertThat(loaded.warnings()).containsExactly(
                    "service.yml:1:13: warning: databases[0]: 'mongodb' is recognised but not supported by Maestro "
                            + "yet; it is ignored (run it yourself and set its address in env_vars)",
                    "service.yml:1:22: warning: databases[1]: 'elasticsearch' is recognised but not supported by "
                            + "Maestro yet; it is ignored (run it yourself and set its address in env_vars)");
        }

        @Test
        void serviceLevelDatabasesAreMergedWithAWarning() {
            Loaded loaded = valid("databases: [postgresql]\n" + web("databases: [redis, postgresql]"));
            assertThat(loaded.services().databases()).containsExactly(DatabaseKind.POSTGRESQL, DatabaseKind.REDIS);
            assertThat(loaded.warnings()).containsExactly(
                    "service.yml:5:5: warning: services.web.databases: Data stores listed under a service are merged "
                            + "into the top-level `databases` list, which is the canonical place for them.");
        }
    }

    @Nested
    class Ports {
        @Test
        void allThreeFormsMix() {
            Service web = valid(web("ports: [\"3000:80:443\", \"4000::8443\", \"5000\", 6379, "
                    + "{container: 7777, udp: 7777, name: game}, \"8000:8080\"]")).service("web");
            assertThat(web.ports()).containsExactly(
                    new PortMapping(3000, 80, 443, null, null, null),
                    new PortMapping(4000, null, 8443, null, null, null),
                    PortMapping.internal(5000),
                    PortMapping.internal(6379),
                    new PortMapping(7777, null, null, null, 7777, "game"),
                    new PortMapping(8000, 8080, null, null, null, null));
        }

        @Test
        void moreThanThreeFieldsExplainsTheOrder() {
            assertThat(errors(web("ports: [\"127.0.0.1:80:8080:1\"]"))).containsExactly(
                    "service.yml:4:13: error: services.web.ports[0]: expected \"container[:http[:https]]\", got "
                            + "'127.0.0.1:80:8080:1' with 4 fields (the short form is container:http:https, not "
                            + "docker's host:container; use the long form for tcp and udp)");
        }

        @Test
        void badFieldsAndShapesAreEachReported() {
            assertThat(errors(web("ports: [\":80\", \"80:abc\", {http: 80}, [1]]"))).containsExactly(
                    "service.yml:4:13: error: services.web.ports[0]: expected a container port before the first ':', "
                            + "got ':80' (the short form is container:http:https, not docker's host:container; use the "
                            + "long form for tcp and udp)",
                    "service.yml:4:20: error: services.web.ports[1]: expected a port number between 1 and 65535, got 'abc'",
                    "service.yml:4:30: error: services.web.ports[2]: missing required key 'container' (the port the "
                            + "container listens on)",
                    "service.yml:4:42: error: services.web.ports[3]: expected a port number, a "
                            + "\"container[:http[:https]]\" string or a map, got a list");
        }

        @Test
        void longFormPortOutOfRangeNamesTheField() {
            assertThat(errors(web("ports: [{container: 80, tcp: 0}]"))).containsExactly(
                    "service.yml:4:34: error: services.web.ports[0].tcp: expected a port number between 1 and 65535, got '0'");
        }
    }

    @Nested
    class EnvVarsTagsAndTraffic {
        @Test
        void envValuesKeepFileOrderAndAcceptNumbersAndBooleansAsText() {
            Service web = valid(web("env_vars: {B: 1, A: true, C: \"x\", D:}")).service("web");
            assertThat(web.envVars().keySet()).containsExactly("B", "A", "C", "D");
            assertThat(web.envVars().get("B").raw()).isEqualTo("1");
            assertThat(web.envVars().get("A").raw()).isEqualTo("true");
            assertThat(web.envVars().get("D").raw()).isEmpty();
        }

        @Test
        void envValueThatIsAListIsAnError() {
            assertThat(errors(web("env_vars: {C: [x]}"))).containsExactly(
                    "service.yml:4:19: error: services.web.env_vars.C: expected a string, got a list "
                            + "(quote the value if it is meant as text)");
        }

        @Test
        void trafficMatchesAcceptsOneString() {
            assertThat(valid(web("traffic_matches: shop.example.com", "ports: [\"80:80\"]")).service("web")
                    .trafficMatches()).containsExactly("shop.example.com");
        }

        @Test
        void tagsSplitOnEqualsOrColonAndBareKeysHaveEmptyValues() {
            assertThat(valid(web("tags: [\"tier=web\", \"team:shop\", \"canary\", \"example.com/x=1\"]")).service("web")
                    .tags()).containsExactly(new Tag("tier", "web"), new Tag("team", "shop"), new Tag("canary", ""),
                            new Tag("example.com/x", "1"));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void stopGraceIsSecondsAndTheV1DurationWarns() {
            assertThat(valid(web("stop_grace: 30")).service("web").lifecycle().stopGraceSeconds()).isEqualTo(30);
            Loaded loaded = valid(web("stop_grace: 1m30s"));
            assertThat(loaded.service("web").lifecycle().stopGraceSeconds()).isEqualTo(90);
            assertThat(loaded.warnings()).containsExactly("service.yml:4:17: warning: services.web.stop_grace: "
                    + "V1 duration '1m30s' read as 90 seconds; V2 uses an integer number of seconds "
                    + "(write stop_grace: 90)");
        }

        @Test
        void badSignalAndSequenceAreErrors() {
            assertThat(errors(web("pre_start_signal: USR9", "pre_stop_sequence: 1m:30s", "post_start_command: warm")))
                    .containsExactly(
                            "service.yml:4:23: error: services.web.pre_start_signal: expected a signal name such as "
                                    + "USR1, got 'USR9' (did you mean 'USR1'?)",
                            "service.yml:5:24: error: services.web.pre_stop_sequence: expected waits and signals "
                                    + "alternating such as 1m:USR2:30s:USR1:50s, but '1m:30s' has two waits in a row "
                                    + "at '30s'; waits and signals must alternate");
        }

        @Test
        void signalsAcceptTheSigPrefix() {
            assertThat(valid(web("pre_start_signal: SIGUSR2")).service("web").lifecycle().preStartSignal())
                    .isEqualTo("USR2");
        }

        @Test
        void restartOnDeployDefaultsToTrue() {
            assertThat(valid(web()).service("web").restartOnDeploy()).isTrue();
            assertThat(valid(web("restart_on_deploy: false")).service("web").restartOnDeploy()).isFalse();
        }

        @Test
        void linksWarnsWithTheAlternative() {
            assertThat(warnings(web("links: [db]"))).containsExactly(
                    "service.yml:4:5: warning: services.web.links: Not supported and ignored: services reach each "
                            + "other by service name over cluster DNS, e.g. `http://api:3000`.");
        }
    }

    @Nested
    class SourceAndSecurity {
        @Test
        void imageWinsOverGitWithAWarningAndDeployCommandIsKept() {
            Loaded loaded = valid(web("git_url: git@github.com:acme/web.git", "git_branch: main",
                    "deploy_command: rake db:migrate"));
            Service web = loaded.service("web");
            assertThat(web.image()).isEqualTo("acme/web:1");
            assertThat(web.build().fromGit()).isFalse();
            assertThat(web.build().deployCommand()).isEqualTo("rake db:migrate");
            assertThat(loaded.warnings()).containsExactly("service.yml:4:5: warning: services.web.git_url: ignored "
                    + "because 'image' is set: git_url, git_branch are not used (remove them, or remove 'image' to "
                    + "build from git)");
        }

        @Test
        void habitusIsRecognisedButNotSupportedYet() {
            assertThat(warnings("services:\n  web:\n    git_url: x\n    use_habitus: true\n")).containsExactly(
                    "service.yml:4:5: warning: services.web.use_habitus: recognised but not supported by Maestro yet; "
                            + "it is ignored (Build with a Habitus build.yml (multi-step builds, build-time secrets) "
                            + "instead of a plain Dockerfile.)");
        }

        @Test
        void v1PrivilegedMapsToTheSecurityContext() {
            Loaded loaded = valid(web("privileged: true"));
            assertThat(loaded.service("web").securityContext().privileged()).isTrue();
            assertThat(loaded.warnings()).containsExactly("service.yml:4:5: warning: services.web.privileged: V1 key: "
                    + "mapped to security_context.privileged (V2 form: security_context: {privileged: true})");
        }

        @Test
        void v1PrivilegedNextToTheV2KeyIsAnError() {
            assertThat(errors(web("privileged: true", "security_context: {privileged: true}"))).containsExactly(
                    "service.yml:4:5: error: services.web.privileged: V1 privileged conflicts with "
                            + "security_context.privileged (keep only security_context.privileged)");
        }

        @Test
        void securityContextBindsEveryKey() {
            SecurityContext context = valid(web("security_context: {fs_group: 2000, host_ipc: false, host_network: true, "
                    + "host_pid: false, privileged: false, run_as_group: 3000, run_as_non_root: true, "
                    + "run_as_user: 1000, supplemental_groups: [4000, 5000]}")).service("web").securityContext();
            assertThat(context).isEqualTo(new SecurityContext(2000L, false, true, false, false, 3000L, true, 1000L,
                    List.of(4000L, 5000L)));
        }

        @Test
        void enumsBindWithDefaults() {
            Service web = valid(web("type: deployment", "dns_behaviour: non-versioned", "load_balancing: sticky"))
                    .service("web");
            assertThat(web.type()).isEqualTo(Service.ServiceType.DEPLOYMENT);
            assertThat(web.dnsBehaviour()).isEqualTo(Service.DnsBehaviour.NON_VERSIONED);
            assertThat(web.loadBalancing()).isEqualTo(Service.LoadBalancing.STICKY);
        }

        @Test
        void annotationsKeepOrder() {
            assertThat(valid(web("annotations: {b.io/x: \"1\", a: 2}")).service("web").annotations())
                    .containsExactly(Map.entry("b.io/x", "1"), Map.entry("a", "2"));
        }
    }
}
