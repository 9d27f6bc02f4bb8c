package io.maestro.plan.kube;

import static io.maestro.plan.fixtures.EnvBuilder.generated;
import static io.maestro.plan.fixtures.EnvBuilder.injectedVar;
import static io.maestro.plan.fixtures.EnvBuilder.plain;
import static io.maestro.plan.fixtures.EnvBuilder.secret;
import static io.maestro.plan.fixtures.EnvBuilder.text;
import static io.maestro.plan.fixtures.EnvBuilder.value;
import static io.maestro.plan.fixtures.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.manifest.DataStoreConfiguration;
import io.maestro.model.manifest.DockerConfiguration;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.service.Health;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.VolumeMount;
import io.maestro.plan.fixtures.AppBuilder;
import io.maestro.plan.fixtures.EnvBuilder;
import io.maestro.plan.fixtures.ReferenceExamples;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Rendering")
class RenderingBehaviourTest {

    private static final RenderOptions MASKED = new RenderOptions("shop", "production", false);
    private static final RenderOptions SHOWN = new RenderOptions("shop", "production", true);

    private static List<HasMetadata> render(AppDefinition app, ResolvedEnvironment env, RenderOptions options) {
        return KubernetesRenderer.render(app, env, options);
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static List<EnvVar> env(List<HasMetadata> objects, String deployment) {
        return find(objects, Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("of secrets")
    class Secrets {

        @Test
        void masksEverySecretValueUnlessAskedToShowThem() {
            AppDefinition app = AppBuilder.app().service(service("web").image("a/web:1")).build();
            ResolvedEnvironment env = EnvBuilder.env()
                    .service("web", "API_KEY", secret("super-secret-value"))
                    .service("web", "SIGNING", value(true, text("prefix-"), injectedVar("PORT_X"), text("-hunter2")))
                    .build();
            String masked = KubeSerializer.toYaml(render(app, env, MASKED));
            assertThat(masked).doesNotContain("super-secret-value").doesNotContain("hunter2").doesNotContain("prefix-")
                    .contains("API_KEY: <redacted>");

            Secret shown = find(render(app, env, SHOWN), Secret.class, "web-env");
            assertThat(shown.getStringData()).isNullOrEmpty();
            assertThat(decode(shown.getData().get("API_KEY"))).isEqualTo("super-secret-value");
            assertThat(decode(shown.getData().get("_MAESTRO_SIGNING_2"))).isEqualTo("-hunter2");
        }

        @Test
        void generatesAutoGenerateValuesOnlyWhenShownAndSharesThemPerOwner() {
            var example = ReferenceExamples.exampleB();
            List<HasMetadata> first = render(example.definition(), example.variables(), SHOWN);
            String api = decode(find(first, Secret.class, "api-env").getData().get("API_TOKEN"));
            String worker = decode(find(first, Secret.class, "worker-env").getData().get("API_TOKEN"));
            assertThat(api).hasSize(32).matches("[A-Za-z0-9]+").isEqualTo(worker);

            List<HasMetadata> second = render(example.definition(), example.variables(), SHOWN);
            assertThat(decode(find(second, Secret.class, "api-env").getData().get("API_TOKEN"))).isNotEqualTo(api);

            assertThat(find(render(example.definition(), example.variables(), MASKED), Secret.class, "api-env")
                    .getStringData()).containsEntry("API_TOKEN", SecretValues.MASK);
        }

        @Test
        void neverPutsASecretInAConfigMap() {
            var example = ReferenceExamples.exampleA();
            String yaml = KubeSerializer.toYaml(render(example.definition(), example.variables(), MASKED));
            String configMap = yaml.substring(yaml.indexOf("kind: ConfigMap"));
            configMap = configMap.substring(0, configMap.indexOf("---"));
            assertThat(configMap).doesNotContain("SECRET_KEY_BASE").doesNotContain("SESSION_SECRET");
        }
    }

    @Nested
    @DisplayName("of env vars")
    class EnvVars {

        @Test
        void definesDataStoreVariablesFirstEvenWithoutResolvedVariables() {
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.POSTGRESQL)
                    .service(service("web").image("a/web:1")).build();
            List<HasMetadata> objects = KubernetesRenderer.render(app, MASKED);
            // POSTGRESQL_URL expands the credential variables, so it comes after them; its literal
            // runs live in the Secret as helper keys because the whole URL is a secret.
            assertThat(env(objects, "web")).extracting(EnvVar::getName).containsExactly("POSTGRESQL_ADDRESS",
                    "POSTGRESQL_PORT", "POSTGRESQL_USERNAME", "POSTGRESQL_PASSWORD", "POSTGRESQL_DATABASE",
                    "_MAESTRO_POSTGRESQL_URL_1", "_MAESTRO_POSTGRESQL_URL_2", "_MAESTRO_POSTGRESQL_URL_3",
                    "POSTGRESQL_URL");
            assertThat(env(objects, "web")).filteredOn(v -> v.getName().equals("POSTGRESQL_URL"))
                    .extracting(EnvVar::getValue).containsExactly("$(_MAESTRO_POSTGRESQL_URL_1)$(POSTGRESQL_USERNAME)"
                            + "$(_MAESTRO_POSTGRESQL_URL_2)$(POSTGRESQL_PASSWORD)$(_MAESTRO_POSTGRESQL_URL_3)"
                            + "$(POSTGRESQL_DATABASE)");
        }

        @Test
        void letsAServiceVariableReplaceAnApplicationOrInjectedOne() {
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.REDIS)
                    .service(service("web").image("a/web:1")).build();
            ResolvedEnvironment env = EnvBuilder.env()
                    .application("LOG_LEVEL", plain("info"))
                    .application("REGION", plain("eu"))
                    .service("web", "LOG_LEVEL", plain("debug"))
                    .service("web", "REDIS_ADDRESS", plain("cache.internal"))
                    .build();
            List<HasMetadata> objects = render(app, env, MASKED);
            assertThat(env(objects, "web")).extracting(EnvVar::getName)
                    .containsExactly("REDIS_PORT", "REGION", "LOG_LEVEL", "REDIS_ADDRESS");
            assertThat(find(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, "web-env").getData())
                    .containsEntry("LOG_LEVEL", "debug").containsEntry("REDIS_ADDRESS", "cache.internal");
        }

        @Test
        void writesValuesThatReferToOtherVariablesInlineSoKubernetesExpandsThem() {
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.POSTGRESQL)
                    .service(service("web").image("a/web:1")).build();
            ResolvedEnvironment env = EnvBuilder.env()
                    .service("web", "DB", value(false, text("pg://"), injectedVar("POSTGRESQL_ADDRESS"), text(":"),
                            injectedVar("POSTGRESQL_PORT")))
                    .build();
            EnvVar db = env(render(app, env, MASKED), "web").stream().filter(v -> v.getName().equals("DB")).findFirst().orElseThrow();
            assertThat(db.getValue()).isEqualTo("pg://$(POSTGRESQL_ADDRESS):$(POSTGRESQL_PORT)");
            assertThat(db.getValueFrom()).isNull();
        }

        @Test
        void listsVariablesThatOnlyTheControlPlaneCanResolve() {
            AppDefinition app = AppBuilder.app().service(service("web").image("a/web:1")).build();
            ResolvedEnvironment env = EnvBuilder.env()
                    .service("web", "CACHE", value(false, injectedVar("REDIS_ADDRESS")))
                    .service("web", "OTHER", value(false, EnvBuilder.unresolved("_env(STACK[x].Y)")))
                    .service("web", "FINE", plain("1"))
                    .build();
            Deployment web = find(render(app, env, MASKED), Deployment.class, "web");
            assertThat(web.getMetadata().getAnnotations()).containsEntry(WorkloadRenderer.UNRESOLVED_ANNOTATION, "CACHE,OTHER");
        }

        @Test
        void fillsEnvVarVolumesWithLiteralDataStoreAddresses() {
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.MYSQL)
                    .service(service("web").image("a/web:1").volume(new VolumeMount("/etc/app", true, null, null, null,
                            new VolumeMount.FromData(VolumeMount.DataKind.CONFIG_MAP, VolumeMount.DataOrigin.ENV_VARS, null))))
                    .build();
            ResolvedEnvironment env = EnvBuilder.env()
                    .application("DB_HOST", value(false, injectedVar("MYSQL_ADDRESS"), text(":"), injectedVar("MYSQL_PORT")))
                    .application("DB_PASSWORD", value(true, injectedVar("MYSQL_PASSWORD")))
                    .application("TOKEN", value(true, generated("TOKEN", 12)))
                    .build();
            var data = find(render(app, env, MASKED), io.fabric8.kubernetes.api.model.ConfigMap.class, "web-data-0").getData();
            assertThat(data).containsOnly(Map.entry("DB_HOST", "mysql:3306"));
        }
    }

    @Nested
    @DisplayName("of workloads and services")
    class Workloads {

        @Test
        void leavesReplicasToTheAutoscalerWhenThereIsOne() {
            AppDefinition app = AppBuilder.app()
                    .service(service("a").image("x/a:1").counts(2, 4))
                    .service(service("b").image("x/b:1").counts(3, null)).build();
            List<HasMetadata> objects = render(app, EnvBuilder.env().build(), MASKED);
            assertThat(find(objects, Deployment.class, "a").getSpec().getReplicas()).isNull();
            assertThat(find(objects, Deployment.class, "b").getSpec().getReplicas()).isEqualTo(3);
            assertThat(objects).extracting(HasMetadata::getKind).containsOnlyOnce("HorizontalPodAutoscaler");
            assertThat(objects).extracting(HasMetadata::getKind).filteredOn("PodDisruptionBudget"::equals).hasSize(2);
        }

        @Test
        void anAutoscalerKeepsAtLeastOnePodWhenMinCountIsZero() {
            AppDefinition app = AppBuilder.app().service(service("a").image("x/a:1").counts(0, 3)).build();
            HorizontalPodAutoscaler hpa = find(render(app, EnvBuilder.env().build(), MASKED),
                    HorizontalPodAutoscaler.class, "a");
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);
        }

        @Test
        void exposesTcpAndUdpThroughALoadBalancerOnCloudsAndUnknownClusters() {
            var game = service("game").image("x/g:1").port(new PortMapping(7777, null, null, null, 7777, null));
            AppDefinition cloud = AppBuilder.app().docker(DockerConfiguration.DEFAULTS,
                    AppBuilder.cloudServer("n1", "aws")).service(game).build();
            AppDefinition unknown = AppBuilder.app().service(game).build();
            AppDefinition own = AppBuilder.app().docker(DockerConfiguration.DEFAULTS,
                    AppBuilder.ownServer("n1", "192.0.2.1")).service(game).build();
            assertThat(l4Type(cloud)).isEqualTo("LoadBalancer");
            assertThat(l4Type(unknown)).isEqualTo("LoadBalancer");
            assertThat(l4Type(own)).isEqualTo("NodePort");
        }

        @Test
        void aLoadBalancerOnServersReplacesTheIngressWithANodePortServicePerWebService() {
            String serviceYml = """
                    services:
                      web:
                        image: x/web:1
                        ports: ["3000:80:443", "9000"]
                        traffic_matches: [shop.example.com]
                    """;
            AppDefinition plain = io.maestro.model.DefinitionLoader.create().load(
                    io.maestro.model.DefinitionLoader.Source.text("service.yml", serviceYml), java.util.Optional.empty(), "production");
            AppDefinition balanced = io.maestro.model.DefinitionLoader.create().load(
                    io.maestro.model.DefinitionLoader.Source.text("service.yml", serviceYml),
                    java.util.Optional.of(io.maestro.model.DefinitionLoader.Source.text("manifest.yml",
                            "production:\n  load_balancer:\n    configuration:\n      httpchk: /health\n")), "production");

            List<HasMetadata> withIngress = KubernetesRenderer.render(plain, MASKED);
            List<HasMetadata> withLoadBalancer = KubernetesRenderer.render(balanced, MASKED);

            assertThat(withIngress).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                    .contains("Ingress/web").doesNotContain("Service/web-lb");
            assertThat(withLoadBalancer).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                    .contains("Service/web", "Service/web-lb").doesNotContain("Ingress/web");
            var nodePorts = find(withLoadBalancer, io.fabric8.kubernetes.api.model.Service.class, "web-lb").getSpec();
            assertThat(nodePorts.getType()).isEqualTo("NodePort");
            assertThat(nodePorts.getPorts()).extracting(p -> p.getName() + "=" + p.getTargetPort().getIntVal())
                    .containsExactly("web-3000=3000");
        }

        private String l4Type(AppDefinition app) {
            return find(render(app, EnvBuilder.env().build(), MASKED), io.fabric8.kubernetes.api.model.Service.class, "game-l4")
                    .getSpec().getType();
        }

        @Test
        void givesNoDefaultProbesToAServiceWithoutPorts() {
            AppDefinition app = AppBuilder.app().service(service("worker").image("x/w:1").health(new Health.Defaults())).build();
            var container = find(render(app, EnvBuilder.env().build(), MASKED), Deployment.class, "worker")
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getReadinessProbe()).isNull();
            assertThat(container.getLivenessProbe()).isNull();
        }

        @Test
        void refusesAnHttpProbeWithNoPortToCall() {
            var probe = new Health.Probe(Health.ProbeType.HTTP, "/", null, 5, 1, 1, 1, 5, null, List.of());
            AppDefinition app = AppBuilder.app()
                    .service(service("worker").image("x/w:1").health(new Health.Probes(probe, null, null))).build();
            assertThatThrownBy(() -> render(app, EnvBuilder.env().build(), MASKED))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("services.worker.health: expected a port for the http probe (the service has no ports), got none");
        }

        @Test
        void passesAVolumeThatDoesNotFitItsKubernetesTypeAsWritten() {
            // The validator cannot know every volume type's schema, so rendering must not fail on it:
            // the API server judges the volume when it is applied.
            AppDefinition app = AppBuilder.app().service(service("web").image("x/w:1").volume(new VolumeMount("/x", false,
                    null, null, null, new VolumeMount.OtherVolume("nfs", Map.of("server", List.of("a", "b")))))).build();
            String yaml = KubeSerializer.toYaml(render(app, EnvBuilder.env().build(), MASKED));
            assertThat(yaml).contains("""
                          volumes:
                          - name: vol-0
                            nfs:
                              server:
                              - a
                              - b
                    """);
        }
        @Test
        void spellsSnakeCaseVolumeFieldsAsTheApiDoesIncludingIrregularNames() {
            // volume_id is volumeID in the API, not volumeId; keys of free-form maps stay as written.
            AppDefinition app = AppBuilder.app().service(service("web").image("x/w:1")
                    .volume(new VolumeMount("/ebs", false, null, null, null, new VolumeMount.OtherVolume(
                            "aws_elastic_block_store", Map.of("volume_id", "vol-1", "fs_type", "ext4"))))
                    .volume(new VolumeMount("/csi", false, null, null, null, new VolumeMount.OtherVolume(
                            "csi", Map.of("driver", "x.csi.io", "volume_attributes", Map.of("storage_account", "a"))))))
                    .build();
            String yaml = KubeSerializer.toYaml(render(app, EnvBuilder.env().build(), MASKED));
            assertThat(yaml).contains("""
                          - awsElasticBlockStore:
                              fsType: ext4
                              volumeID: vol-1
                    """).contains("""
                          - csi:
                              driver: x.csi.io
                              volumeAttributes:
                                storage_account: a
                    """);
        }
    }

    @Nested
    @DisplayName("of data stores")
    class DataStores {

        @Test
        void usesAnExternalNameServiceForAHostName() {
            AppDefinition app = AppBuilder.app()
                    .dataStore(AppBuilder.store(DatabaseKind.POSTGRESQL, DataStoreConfiguration.EMPTY,
                            new ServerRef.External("pg.example.com", null)))
                    .build();
            List<HasMetadata> objects = render(app, EnvBuilder.env().build(), MASKED);
            var service = find(objects, io.fabric8.kubernetes.api.model.Service.class, "postgresql");
            assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
            assertThat(service.getSpec().getExternalName()).isEqualTo("pg.example.com");
            assertThat(objects).noneMatch(EndpointSlice.class::isInstance);
        }

        @Test
        void followsSameAsToTheAddressOfTheNamedServer() {
            AppDefinition app = AppBuilder.app()
                    .docker(DockerConfiguration.DEFAULTS, AppBuilder.ownServer("box", "198.51.100.7"))
                    .dataStore(AppBuilder.store(DatabaseKind.REDIS, DataStoreConfiguration.EMPTY, new ServerRef.SameAs("box")))
                    .build();
            EndpointSlice slice = find(render(app, EnvBuilder.env().build(), MASKED), EndpointSlice.class, "redis");
            assertThat(slice.getEndpoints()).singleElement().satisfies(e -> assertThat(e.getAddresses()).containsExactly("198.51.100.7"));
            assertThat(slice.getMetadata().getAnnotations()).isNullOrEmpty();
        }

        @Test
        void skipsStoresMaestroCannotProvisionYet() {
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.MONGODB, DatabaseKind.ELASTICSEARCH).build();
            assertThat(render(app, EnvBuilder.env().build(), MASKED)).extracting(HasMetadata::getKind).containsExactly("Namespace");
        }

        @Test
        void usesTheEnvironmentsOwnManifestSettings() {
            var staging = new io.maestro.model.manifest.EnvironmentManifest(null,
                    Map.of(DatabaseKind.POSTGRESQL, AppBuilder.store(DatabaseKind.POSTGRESQL, AppBuilder.port(15432))),
                    null, Map.of(), List.of());
            AppDefinition app = AppBuilder.app().databases(DatabaseKind.POSTGRESQL).environment("staging", staging).build();
            var port = find(render(app, EnvBuilder.env().build(), new RenderOptions("shop", "staging", false)),
                    io.fabric8.kubernetes.api.model.Service.class, "postgresql").getSpec().getPorts().get(0).getPort();
            assertThat(port).isEqualTo(15432);
            var productionPort = find(render(app, EnvBuilder.env().build(), MASKED),
                    io.fabric8.kubernetes.api.model.Service.class, "postgresql").getSpec().getPorts().get(0).getPort();
            assertThat(productionPort).isEqualTo(5432);
        }
    }
}
