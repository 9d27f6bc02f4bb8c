package io.maestro.plan.kube;

import static io.maestro.plan.fixtures.AppBuilder.cloudServer;
import static io.maestro.plan.fixtures.AppBuilder.group;
import static io.maestro.plan.fixtures.AppBuilder.ownServer;
import static io.maestro.plan.fixtures.AppBuilder.port;
import static io.maestro.plan.fixtures.EnvBuilder.generated;
import static io.maestro.plan.fixtures.EnvBuilder.injectedVar;
import static io.maestro.plan.fixtures.EnvBuilder.plain;
import static io.maestro.plan.fixtures.EnvBuilder.secret;
import static io.maestro.plan.fixtures.EnvBuilder.text;
import static io.maestro.plan.fixtures.EnvBuilder.unresolved;
import static io.maestro.plan.fixtures.EnvBuilder.value;
import static io.maestro.plan.fixtures.ServiceBuilder.service;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.manifest.DataStoreConfiguration;
import io.maestro.model.manifest.DockerConfiguration;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.service.Health;
import io.maestro.model.service.IntOrPercent;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.SecurityContext;
import io.maestro.model.service.Service;
import io.maestro.model.service.VolumeMount;
import io.maestro.plan.fixtures.AppBuilder;
import io.maestro.plan.fixtures.EnvBuilder;
import io.maestro.plan.fixtures.Golden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One golden file per family of service.yml / manifest.yml keys. */
@DisplayName("Each key family renders to its golden objects")
class KeyFamilyGoldenTest {

    private static void assertGolden(String file, AppDefinition app, ResolvedEnvironment env, boolean showSecrets) {
        RenderOptions options = new RenderOptions("acme", "staging", showSecrets);
        Golden.assertMatches(file, KubeSerializer.toYaml(KubernetesRenderer.render(app, env, options)));
    }

    private static void assertGolden(String file, AppDefinition app) {
        assertGolden(file, app, EnvBuilder.env().build(), false);
    }

    @Test
    void portsAndIngress() {
        AppDefinition app = AppBuilder.app()
                .docker(AppBuilder.ingressClass("nginx"), cloudServer("node-1", "hetzner"))
                .service(service("web").image("acme/web:3.1")
                        .port(8080, 80, 443)
                        .port(new PortMapping(9090, null, null, null, null, "metrics"))
                        .internalPort(9100)
                        .port(8081, 8000, null)
                        .trafficMatches("shop.example.com", "*.shop.example.com", "_", "shop.example.com"))
                .service(service("docs").image("acme/docs@sha256:0123456789abcdef0123456789abcdef")
                        .port(4000, 80, null))
                .build();
        assertGolden("ports-ingress.yaml", app);
    }

    @Test
    void layer4PortsOnOwnMachinesAreNodePorts() {
        AppDefinition app = AppBuilder.app()
                .docker(DockerConfiguration.DEFAULTS, ownServer("box-1", "192.0.2.10"))
                .service(service("game").image("acme/game:7")
                        .port(new PortMapping(7777, null, null, null, 30777, null))
                        .port(new PortMapping(7778, null, null, 27015, null, null))
                        .port(new PortMapping(5353, null, null, 31053, 31053, "dns")))
                .build();
        assertGolden("l4-nodeport.yaml", app);
    }

    @Test
    void theManifestsL4ServiceTypeOverridesTheChoiceByServers() {
        AppDefinition ownMachinesAsLoadBalancer = AppBuilder.app()
                .docker(l4ServiceType("LoadBalancer"), ownServer("box-1", "192.0.2.10"))
                .service(service("game").image("acme/game:7")
                        .port(new PortMapping(7777, null, null, null, 30777, null))
                        .port(new PortMapping(7778, null, null, 27015, null, null)))
                .build();
        assertGolden("l4-type-loadbalancer.yaml", ownMachinesAsLoadBalancer);
        AppDefinition cloudAsNodePort = AppBuilder.app()
                .docker(l4ServiceType("NodePort"), cloudServer("node-1", "hetzner"))
                .service(service("game").image("acme/game:7")
                        .port(new PortMapping(7777, null, null, null, 30777, null))
                        .port(new PortMapping(7778, null, null, 27015, null, null)))
                .build();
        assertGolden("l4-type-nodeport.yaml", cloudAsNodePort);
    }

    private static DockerConfiguration l4ServiceType(String type) {
        DockerConfiguration d = DockerConfiguration.DEFAULTS;
        return new DockerConfiguration(d.kubernetesVersion(), d.imageKeepCount(), d.nameservers(), d.networkMode(),
                d.createWebRules(), d.activeProtectWhitelist(), d.httpBanRate(), d.cors(), d.dedicatedMaster(),
                d.ingressClass(), d.customLogFiles(), Map.of("l4_service_type", type));
    }

    @Test
    void probes() {
        Health.Probe ready = new Health.Probe(Health.ProbeType.HTTPS, "/ready", null, 3, 2, 4, 10, 15, 8443,
                List.of(new Health.HttpHeader("Host", "shop.example.com"), new Health.HttpHeader("X-Probe", "1")));
        Health.Probe alive = new Health.Probe(Health.ProbeType.HTTP, "/alive", null, 5, 1, 3, 1, 5, null, List.of());
        Health.Probe startup = new Health.Probe(Health.ProbeType.TCP, null, null, 5, 1, 30, 0, 2, 9000, List.of());
        AppDefinition app = AppBuilder.app()
                .service(service("explicit").image("acme/api:1").port(8080, 80, 443).internalPort(8443)
                        .internalPort(9000).health(new Health.Probes(ready, alive, startup)))
                .service(service("defaults").image("acme/api:1").internalPort(3000).health(new Health.Defaults()))
                .service(service("exec").image("acme/worker:1").health(new Health.Probes(
                        new Health.Probe(Health.ProbeType.EXEC, null, "test -f /tmp/ready && echo ok", 5, 1, 1, 1, 5,
                                null, List.of()), null, null)))
                .build();
        assertGolden("probes.yaml", app);
    }

    @Test
    void resourcesAffinityAndTolerations() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("disk", "ssd");
        tags.put("zone", "eu-1");
        AppDefinition app = AppBuilder.app()
                .service(service("both").image("acme/app:1")
                        .resources("500m", "128M", "2", "512Mi")
                        .servers(List.of("node-a", "node-b"), tags)
                        .toleration("dedicated", "Equal", "db", "NoSchedule", null)
                        .toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 300L))
                .service(service("names").image("acme/app:1")
                        .resources(null, null, "250m", null)
                        .servers(List.of("node-a"), Map.of()))
                .service(service("tags").image("acme/app:1")
                        .resources("100m", "64Mi", null, null)
                        .servers(List.of(), Map.of("gpu", "true")))
                .build();
        assertGolden("resources-affinity-tolerations.yaml", app);
    }

    @Test
    void volumes() {
        Map<String, Object> nfs = new LinkedHashMap<>();
        nfs.put("server", "nfs.example.com");
        nfs.put("path", "/exports/media");
        nfs.put("read_only", true);
        Map<String, Object> csi = new LinkedHashMap<>();
        csi.put("driver", "secrets-store.csi.k8s.io");
        csi.put("volume_attributes", Map.of("secret_provider_class", "vault"));
        csi.put("node_publish_secret_ref", Map.of("name", "csi-creds"));
        AppDefinition app = AppBuilder.app()
                .environmentVariable("FEATURE_FLAGS", "on")
                .service(service("media").image("acme/media:2")
                        .hostVolume("/srv/media", "/media", true)
                        .volume(new VolumeMount("/tmp/scratch", false, null, null, null,
                                new VolumeMount.EmptyDir(null, "1Gi")))
                        .volume(new VolumeMount("/var/lib/media", false, "uploads", null, "HostToContainer",
                                new VolumeMount.PersistentClaim("20Gi", "fast-ssd", "ReadWriteMany")))
                        .volume(new VolumeMount("/var/cache/thumbs", false, null, "$(POD_NAME)", null,
                                new VolumeMount.PersistentClaim(null, null, null)))
                        .volume(new VolumeMount("/etc/media/secrets", true, null, null, null,
                                new VolumeMount.FromData(VolumeMount.DataKind.SECRET, VolumeMount.DataOrigin.ENV_VARS, null)))
                        .volume(new VolumeMount("/etc/media/config", true, null, null, null,
                                new VolumeMount.FromData(VolumeMount.DataKind.CONFIG_MAP, VolumeMount.DataOrigin.ENV_VARS,
                                        "team=media")))
                        .volume(new VolumeMount("/mnt/nfs", false, null, null, null, new VolumeMount.OtherVolume("nfs", nfs)))
                        .volume(new VolumeMount("/mnt/vault", true, null, null, null, new VolumeMount.OtherVolume("csi", csi)))
                        .logFolder("/var/log/media"))
                .build();
        ResolvedEnvironment env = EnvBuilder.env()
                .application("FEATURE_FLAGS", plain("on"))
                .application("MEDIA_TOKEN", secret("t0k3n"))
                .build();
        assertGolden("volumes.yaml", app, env, false);
    }

    @Test
    void securityContext() {
        AppDefinition app = AppBuilder.app()
                .service(service("agent").image("acme/agent:5")
                        .securityContext(new SecurityContext(2000L, true, true, true, true, 3000L, false, 0L,
                                List.of(4000L, 5000L))))
                .service(service("non-root").image("acme/app:1")
                        .securityContext(new SecurityContext(null, null, null, null, null, null, true, 1000L, List.of())))
                .build();
        assertGolden("security-context.yaml", app);
    }

    @Test
    void daemonSet() {
        AppDefinition app = AppBuilder.app()
                .service(service("node-exporter").git("https://github.com/acme/exporter.git", "feature/new-metrics")
                        .type(Service.ServiceType.DAEMON_SET)
                        .command("/bin/exporter --path.rootfs=/host '--label=a b' \"--dir=$(HOME)/x\"")
                        .workDir("/opt/exporter")
                        .internalPort(9100)
                        .rolling(null, IntOrPercent.count(1))
                        .counts(2, 5)
                        .serviceAccount("monitoring")
                        .annotation("prometheus.io/scrape", "true")
                        .tag("tier", "monitoring"))
                .build();
        assertGolden("daemon-set.yaml", app);
    }

    @Test
    void envConfigMapAndSecretMasked() {
        assertGolden("env-config-secret.yaml", envApp(), envVariables(), false);
    }

    @Test
    void envConfigMapAndSecretShown() {
        // No AUTO_GENERATE values here: shown output must stay deterministic for a golden file.
        ResolvedEnvironment env = EnvBuilder.env()
                .service("web", "RAILS_ENV", plain("production"))
                .service("web", "API_SECRET", secret("s3cr3t"))
                .service("web", "DATABASE_URL", value(true, text("postgres://app:pw@"), injectedVar("POSTGRESQL_ADDRESS"),
                        text("/shop")))
                .build();
        assertGolden("env-config-secret-shown.yaml", envApp(), env, true);
    }

    private static AppDefinition envApp() {
        return AppBuilder.app()
                .databases(DatabaseKind.POSTGRESQL)
                .service(service("web").image("acme/web:1").command("bin/web --port $(PORT)"))
                .build();
    }

    private static ResolvedEnvironment envVariables() {
        return EnvBuilder.env()
                .injected("WEB_ADDRESS_INT", plain("web.acme-staging.svc"))
                .injected("POSTGRESQL_ADDRESS", plain("ignored: the data store definition wins"))
                .application("SESSION_SECRET", value(true, generated("SESSION_SECRET", 32)))
                .application("LOG_LEVEL", plain("info"))
                .service("web", "LOG_LEVEL", plain("debug"))
                .service("web", "PORT", plain("3000"))
                .service("web", "GREETING", plain("hello \"world\"\nsecond line"))
                .service("web", "ENABLED", plain("true"))
                .service("web", "API_KEY", secret("k3y"))
                .service("web", "DATABASE_HOST", value(false, injectedVar("POSTGRESQL_ADDRESS")))
                .service("web", "DATABASE_URL", value(true, text("postgres://"), injectedVar("POSTGRESQL_USERNAME"),
                        text(":"), injectedVar("POSTGRESQL_PASSWORD"), text("@"), injectedVar("POSTGRESQL_ADDRESS"),
                        text(":"), injectedVar("POSTGRESQL_PORT"), text("/shop")))
                .service("web", "HOME_DIR", plain("$(HOME)/app"))
                .service("web", "CACHE_URL", value(false, text("redis://"), injectedVar("REDIS_ADDRESS")))
                .service("web", "PAYMENTS_KEY", value(true, unresolved("_env(STACK[a1b2c3].PAYMENTS_KEY)")))
                .service("web", "CONFIG_VALUE", value(false, unresolved("_configstore(0b5f2a0e-6d3c-4a4e-9a57-9d3b7e1c2f10.URL)")))
                .build();
    }

    @Test
    void dataStoresWithGroups() {
        AppDefinition app = AppBuilder.app()
                .databases(DatabaseKind.POSTGRESQL, DatabaseKind.REDIS, DatabaseKind.MONGODB)
                .docker(DockerConfiguration.DEFAULTS, ownServer("node-1", "192.0.2.20"))
                .dataStore(AppBuilder.store(DatabaseKind.POSTGRESQL, port(6432), ownServer("pg-1", "192.0.2.30")))
                .dataStore(AppBuilder.grouped(DatabaseKind.MYSQL,
                        group("main", DataStoreConfiguration.EMPTY, new ServerRef.External("db.example.com", 3307)),
                        group("analytics", port(3310), new ServerRef.SameAs("node-1")),
                        group("archive", DataStoreConfiguration.EMPTY)))
                .dataStore(AppBuilder.store(DatabaseKind.MEMCACHED, DataStoreConfiguration.EMPTY,
                        new ServerRef.External("2001:db8::5", null)))
                .service(service("app").image("acme/app:1"))
                .build();
        assertGolden("data-stores.yaml", app);
    }

    @Test
    void autoscalerAndDisruptionBudget() {
        AppDefinition app = AppBuilder.app()
                .service(service("scaled").image("acme/app:1").internalPort(8080).counts(2, 10))
                .service(service("fixed").image("acme/app:1").internalPort(8080).counts(3, 3))
                .service(service("single").image("acme/app:1").internalPort(8080).counts(1, 1))
                .service(service("max-only").image("acme/app:1").internalPort(8080).counts(null, 4))
                .build();
        assertGolden("hpa-pdb.yaml", app);
    }
}
