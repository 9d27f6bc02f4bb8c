package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.env.EnvValue;
import io.maestro.model.service.Health.Probe;
import io.maestro.model.service.Health.ProbeType;
import io.maestro.model.service.ServiceYmlFixture.Loaded;
import io.maestro.model.service.VolumeMount.DataKind;
import io.maestro.model.service.VolumeMount.DataOrigin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example files of the reference (§1.8) bind to exactly the values they spell out. */
class ReferenceExamplesTest {

    private static Loaded example(String name) {
        Loaded loaded = ServiceYmlFixture.load(ServiceYmlFixture.referenceExample(name));
        assertThat(loaded.errors()).as("errors of " + name).isEmpty();
        return loaded;
    }

    private static Map<String, String> raw(Map<String, EnvValue> env) {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        env.forEach((k, v) -> raw.put(k, v.raw()));
        return raw;
    }

    @Test
    @DisplayName("Example A: a git-built web app with probes, resources, tags and two databases")
    void exampleA() {
        Loaded loaded = example("example-a");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.services().version()).isEqualTo(2);
        assertThat(loaded.services().databases()).containsExactly(DatabaseKind.POSTGRESQL, DatabaseKind.REDIS);
        assertThat(loaded.services().services()).containsOnlyKeys("web");

        Service web = loaded.service("web");
        assertThat(web.image()).isNull();
        assertThat(web.build()).isEqualTo(new BuildSource("git@github.com:acme/shop.git", "main", ".",
                "docker/Dockerfile.web", false, null, "bundle exec rake db:schema:load", "bundle exec rake db:migrate"));
        assertThat(web.command()).isEqualTo("bundle exec puma -p 3000");
        assertThat(web.logFolder()).isEqualTo("/app/log");
        assertThat(web.type()).isEqualTo(Service.ServiceType.SERVICE);
        assertThat(web.ports()).containsExactly(new PortMapping(3000, 80, 443, null, null, null));
        assertThat(raw(web.envVars())).containsExactly(
                Map.entry("RAILS_ENV", "production"),
                Map.entry("DATABASE_HOST", "_env(POSTGRESQL_ADDRESS)"),
                Map.entry("REDIS_URL", "redis://_env(REDIS_ADDRESS:localhost):6379"),
                Map.entry("SECRET_KEY_BASE", "AUTO_GENERATE_64"));

        Health.Probes probes = (Health.Probes) web.health();
        assertThat(probes.ready()).isEqualTo(new Probe(ProbeType.HTTP, "/healthz", null, 5, 1, 1, 1, 10, null, List.of()));
        assertThat(probes.alive()).isEqualTo(new Probe(ProbeType.TCP, "/", null, 5, 1, 1, 20, 5, null, List.of()));
        assertThat(probes.startup()).isNull();
        assertThat(web.lifecycle().stopGraceSeconds()).isEqualTo(30);

        Constraints c = web.constraints();
        assertThat(c.minCount()).isEqualTo(2);
        assertThat(c.maxCount()).isEqualTo(6);
        assertThat(c.maxSurge()).isEqualTo(IntOrPercent.percentage(25));
        assertThat(c.maxUnavailable()).isEqualTo(IntOrPercent.count(0));
        assertThat(c.resources().requests().cpu()).isEqualTo(new CpuQuantity(250));
        assertThat(c.resources().requests().memory()).isEqualTo(new MemoryQuantity(256L << 20, "256Mi"));
        assertThat(c.resources().limits().cpu().toKubernetes()).isEqualTo("1");
        assertThat(c.resources().limits().memory()).isEqualTo(new MemoryQuantity(1L << 30, "1Gi"));
        assertThat(c.servers().isAny()).isTrue();
        assertThat(web.tags()).containsExactly(new Tag("tier", "frontend"), new Tag("team", "shop"));
        assertThat(web.restartOnDeploy()).isTrue();
        assertThat(web.dnsBehaviour()).isEqualTo(Service.DnsBehaviour.VERSIONED);
        assertThat(web.loadBalancing()).isEqualTo(Service.LoadBalancing.ROUNDROBIN);
        assertThat(web.securityContext()).isNull();
    }

    @Test
    @DisplayName("Example B: services sharing port 80 by host name, an internal API, a worker and a DaemonSet")
    void exampleB() {
        Loaded loaded = example("example-b");
        // A cross-application reference cannot be resolved offline: reported, never dropped.
        assertThat(loaded.warnings()).containsExactly("service.yml:20:7: warning: services.api.env_vars.PAYMENTS_KEY: "
                + "'_env(STACK[a1b2c3d4e5f6].PAYMENTS_KEY)' is unresolved offline; resolved by the control plane");
        assertThat(loaded.services().version()).isNull();
        assertThat(loaded.services().services()).containsOnlyKeys("storefront", "admin", "api", "worker", "log-shipper");
        assertThat(loaded.services().databases()).containsExactly(DatabaseKind.MYSQL);

        Service storefront = loaded.service("storefront");
        assertThat(storefront.image()).isEqualTo("acme/storefront:1.4.2");
        assertThat(storefront.build()).isNull();
        assertThat(storefront.ports()).containsExactly(new PortMapping(8080, 80, 443, null, null, null));
        assertThat(storefront.trafficMatches()).containsExactly("shop.example.com", "www.shop.example.com");
        assertThat(raw(storefront.envVars())).containsExactly(Map.entry("API_URL", "http://api:3000"));

        Service admin = loaded.service("admin");
        assertThat(admin.ports()).containsExactly(new PortMapping(5000, 80, 443, null, null, null));
        assertThat(admin.trafficMatches()).containsExactly("admin.example.com");

        Service api = loaded.service("api");
        assertThat(api.image()).isNull();
        assertThat(api.build().gitUrl()).isEqualTo("https://github.com/acme/api.git");
        assertThat(api.build().dockerfilePath()).isEqualTo("Dockerfile");
        assertThat(api.ports()).containsExactly(PortMapping.internal(3000));
        assertThat(api.isExposed()).isFalse();
        assertThat(raw(api.envVars())).containsExactly(
                Map.entry("MYSQL_HOST", "_env(MYSQL_ADDRESS)"),
                Map.entry("PAYMENTS_KEY", "_env(STACK[a1b2c3d4e5f6].PAYMENTS_KEY)"),
                Map.entry("API_TOKEN", "AUTO_GENERATE_32"));
        assertThat(api.constraints().servers().names()).isEmpty();
        assertThat(api.constraints().servers().tags()).containsExactly(Map.entry("disk", "ssd"));

        Service worker = loaded.service("worker");
        assertThat(worker.command()).isEqualTo("bin/worker --queue default");
        assertThat(worker.ports()).isEmpty();
        assertThat(worker.restartOnDeploy()).isTrue();
        assertThat(raw(worker.envVars())).containsExactly(Map.entry("API_TOKEN", "_env(SERVICE[api].API_TOKEN)"));

        Service shipper = loaded.service("log-shipper");
        assertThat(shipper.type()).isEqualTo(Service.ServiceType.DAEMON_SET);
        assertThat(shipper.serviceAccountName()).isEqualTo("log-collector");
        assertThat(shipper.securityContext().runAsUser()).isEqualTo(0L);
        assertThat(shipper.securityContext().privileged()).isNull();
        assertThat(shipper.volumes()).containsExactly(new VolumeMount("/var/log/containers", true, null, null, null,
                new VolumeMount.HostPath("/var/log/containers", null)));
        assertThat(shipper.annotations()).containsExactly(Map.entry("example.com/owner", "platform"));
        assertThat(shipper.health()).isEqualTo(new Health.None());
    }

    @Test
    @DisplayName("Example C: TCP and UDP ports, Secret/ConfigMap/emptyDir mounts and exec probes")
    void exampleC() {
        Loaded loaded = example("example-c");
        assertThat(loaded.warnings()).isEmpty();
        Service game = loaded.service("game-server");
        assertThat(game.image()).isEqualTo("acme/gameserver:7");
        assertThat(game.ports()).containsExactly(
                new PortMapping(7777, null, null, null, 7777, null),
                new PortMapping(7778, null, null, 27015, null, null));
        assertThat(game.ports().get(0).protocol()).isEqualTo("UDP");
        assertThat(game.ports().get(1).protocol()).isEqualTo("TCP");
        assertThat(game.volumes()).containsExactly(
                new VolumeMount("/etc/game/secrets", false, null, null, null,
                        new VolumeMount.FromData(DataKind.SECRET, DataOrigin.CONFIG_STORE, "mount=true")),
                new VolumeMount("/etc/game/env", false, null, null, null,
                        new VolumeMount.FromData(DataKind.CONFIG_MAP, DataOrigin.ENV_VARS, null)),
                new VolumeMount("/cache", false, null, null, null, new VolumeMount.EmptyDir("Memory", null)));
        Health.Probes probes = (Health.Probes) game.health();
        assertThat(probes.ready()).isNull();
        assertThat(probes.alive()).isEqualTo(new Probe(ProbeType.EXEC, "/", "/usr/local/bin/check-alive", 5, 1, 1, 1, 5,
                null, List.of()));
        assertThat(probes.startup().command()).isEqualTo("cat /tmp/started");
        assertThat(game.lifecycle()).isEqualTo(new Lifecycle("/usr/local/bin/warmup",
                "/usr/local/bin/drain --timeout 20", 25, null, null, List.of()));
        assertThat(loaded.services().databases()).isEmpty();
    }

    @Test
    @DisplayName("The V1 flavour of Example C maps to V2 values, with one warning per V1 spelling")
    void v1Example() {
        Loaded loaded = example("v1");
        Service web = loaded.service("web");
        assertThat(web.ports()).containsExactly(new PortMapping(3000, 80, 443, null, null, null), PortMapping.internal(4000));
        Health.Probes probes = (Health.Probes) web.health();
        assertThat(probes.ready()).isEqualTo(new Probe(ProbeType.HTTP, "/up", null, 45, 1, 1, 1, 5, null, List.of()));
        assertThat(probes.alive()).isNull();
        assertThat(web.lifecycle().preStartSignal()).isEqualTo("USR1");
        assertThat(web.lifecycle().preStopSequence()).isEqualTo("1m:USR2:30s:USR1:50s");
        assertThat(web.lifecycle().requires()).containsExactly("api");
        assertThat(web.constraints().maxCount()).isEqualTo(2);
        assertThat(web.constraints().resources().limits().memory()).isEqualTo(new MemoryQuantity(512L << 20, "512Mi"));
        assertThat(web.constraints().resources().requests().cpu()).isEqualTo(new CpuQuantity(500));
        assertThat(web.securityContext().privileged()).isFalse();

        assertThat(loaded.warnings()).containsExactly(
                "service.yml:6:13: warning: services.web.health: V1 health check mapped to a readiness probe "
                        + "(http on /up, timeout 45s) (V2 form: health: {ready: {type: http, endpoint: /up, timeout: 45}})",
                "service.yml:7:5: warning: services.web.pre_start_signal: V1 only: the signal sent to old containers "
                        + "before new ones start; it is ignored on Kubernetes. Use `pre_stop_command` to run something "
                        + "before a container stops.",
                "service.yml:8:5: warning: services.web.pre_stop_sequence: V1 only: alternating waits and signals sent "
                        + "before a container is killed; it is ignored on Kubernetes. Use `pre_stop_command` and "
                        + "`stop_grace` instead.",
                "service.yml:9:5: warning: services.web.requires: V1 only: start order is not supported on Kubernetes, "
                        + "where services start in any order. Give dependants a readiness probe and make them retry "
                        + "connecting instead.",
                "service.yml:10:45: warning: services.web.constraints.resources.memory: V1 form: mapped to "
                        + "constraints.resources.limits.memory = 512Mi (V2 form: resources: {limits: {memory: 512Mi}})",
                "service.yml:10:61: warning: services.web.constraints.resources.cpu: V1 form: mapped to "
                        + "constraints.resources.requests.cpu = 500m (V2 form: resources: {requests: {cpu: 500m}})",
                "service.yml:11:5: warning: services.web.privileged: V1 key: mapped to security_context.privileged "
                        + "(V2 form: security_context: {privileged: false})");
    }
}
