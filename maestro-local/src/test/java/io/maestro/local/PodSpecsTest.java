package io.maestro.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodSpecsTest {

    private static final Path LOGS = Path.of("/var/lib/maestro/local/logs");

    @Test
    void theHelloExampleGivesTwoWebReplicasWithTheirPublishedPortAndAWorker() throws Exception {
        List<ServicePlan> plans = PodSpecs.plan(deployment("Hello"), LOGS);

        assertThat(plans).extracting(ServicePlan::service).containsExactly("web", "worker");
        ServicePlan web = plans.get(0);
        assertThat(web.replicas()).isEqualTo(2);
        assertThat(web.autoscaled()).isTrue();
        assertThat(web.containerPorts()).containsExactly(8080);
        assertThat(web.published()).containsExactly(new PublishedPort("web", 8080, 8080, 18080, "http"));
        assertThat(web.readiness()).get().extracting(p -> p.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(web.stopGraceSeconds()).isEqualTo(5);
        assertThat(plans.get(1).published()).isEmpty();
    }

    @Test
    void podsCarryLiteralEnvWithTheOverridesAndNoProbesOrHooks() throws Exception {
        ServicePlan web = PodSpecs.plan(deployment("Hello"), LOGS).get(0);

        var container = web.template().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(v -> env.put(v.getName(), v.getValue()));
        assertThat(container.getEnv()).allSatisfy(v -> assertThat(v.getValueFrom()).isNull());
        assertThat(env).containsEntry("REDIS_ADDRESS", "host.containers.internal")
                .containsEntry("REDIS_PORT", "16379")
                .containsEntry("POSTGRESQL_DATABASE", "hello_production")
                .containsEntry("GREETING", "Hello");
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(container.getLivenessProbe()).isNull();
        assertThat(web.template().getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(web.template().getMetadata().getLabels())
                .containsEntry(PodSpecs.LABEL_APP, "hello-production")
                .containsEntry(PodSpecs.LABEL_SERVICE, "web")
                .containsEntry(PodSpecs.LABEL_REVISION, web.revision());
    }

    @Test
    void theRevisionChangesWithTheSpecAndOnlyWithIt() throws Exception {
        String first = PodSpecs.plan(deployment("Hello"), LOGS).get(0).revision();
        String again = PodSpecs.plan(deployment("Hello"), LOGS).get(0).revision();
        String changed = PodSpecs.plan(deployment("Hello again"), LOGS).get(0).revision();

        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void aReplicaPublishesItsPortsOnLoopbackWithoutTouchingTheTemplate() throws Exception {
        ServicePlan web = PodSpecs.plan(deployment("Hello"), LOGS).get(0);

        Pod replica = PodSpecs.replica(web, "hello-production-web-abcde", Map.of(8080, 41000), Map.of());

        var port = replica.getSpec().getContainers().get(0).getPorts().get(0);
        assertThat(port.getHostIP()).isEqualTo("127.0.0.1");
        assertThat(port.getHostPort()).isEqualTo(41000);
        assertThat(replica.getMetadata().getName()).isEqualTo("hello-production-web-abcde");
        assertThat(replica.getMetadata().getLabels()).containsEntry(PodSpecs.LABEL_BACKENDS, "8080-41000");
        assertThat(web.template().getSpec().getContainers().get(0).getPorts().get(0).getHostPort()).isNull();
        assertThat(web.template().getMetadata().getLabels()).doesNotContainKey(PodSpecs.LABEL_BACKENDS);
    }

    @Test
    void backendPortsSurviveTheirLabelEncoding() {
        Map<Integer, Integer> ports = Map.of(8080, 41000, 9000, 41001);

        assertThat(PodSpecs.decodeBackends(PodSpecs.encodeBackends(ports))).isEqualTo(ports);
        assertThat(PodSpecs.decodeBackends("")).isEmpty();
    }

    @Test
    void envReferencesAreResolvedFromConfigMapsAndSecretsThenExpandedInOrder() {
        List<EnvVar> env = List.of(
                ref("HOST", true, "web-env"),
                ref("PASSWORD", false, "web-env"),
                new EnvVarBuilder().withName("URL").withValue("redis://$(HOST):$(PORT)/$(UNKNOWN)").build());
        Map<String, ConfigMap> configMaps = Map.of("web-env",
                new ConfigMapBuilder().withNewMetadata().withName("web-env").endMetadata().addToData("HOST", "cache").build());
        Map<String, Secret> secrets = Map.of("web-env", new SecretBuilder().withNewMetadata().withName("web-env").endMetadata()
                .addToData("PASSWORD", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))).build());

        List<EnvVar> flat = PodSpecs.flatten("web", env, configMaps, secrets, Map.of("PORT", "6380"));

        assertThat(flat).extracting(EnvVar::getName).containsExactly("PORT", "HOST", "PASSWORD", "URL");
        assertThat(flat).extracting(EnvVar::getValue).containsExactly("6380", "cache", "s3cret", "redis://cache:6380/$(UNKNOWN)");
    }

    @Test
    void aReferenceNothingLocalCanResolveIsAnErrorThatNamesTheVariable() {
        List<EnvVar> env = List.of(ref("DB_PASSWORD", false, "datastore-postgresql"));

        assertThatThrownBy(() -> PodSpecs.flatten("web", env, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("services.web.env_vars.DB_PASSWORD")
                .hasMessageContaining("LocalDeployment.withEnv");
    }

    @Test
    void udpAndHttpsMappingsArePublishedWithTheirProtocolAndAUdpPortIsPublishedOnLoopbackAsUdp() {
        AppDefinition definition = DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", """
                version: 2
                services:
                  dns:
                    image: localhost/dns:1
                    ports:
                      - container: 5353
                        udp: 53
                      - container: 8080
                        http: 80
                        https: 443
                """), Optional.empty(), "production");

        ServicePlan dns = PodSpecs.plan(LocalDeployment.of(definition, "net", "production").withHostPort("dns", 53, 10053),
                LOGS).get(0);

        assertThat(dns.udpPorts()).containsExactly(5353);
        assertThat(dns.containerPorts()).containsExactly(8080);
        assertThat(dns.published()).containsExactly(
                new PublishedPort("dns", 5353, 53, 10053, "udp"),
                new PublishedPort("dns", 8080, 80, 80, "http"),
                new PublishedPort("dns", 8080, 443, 0, "https"));
        Pod replica = PodSpecs.replica(dns, "net-production-dns-abcde", Map.of(8080, 41000), Map.of(5353, 41001));
        assertThat(replica.getSpec().getContainers().get(0).getPorts())
                .extracting(p -> p.getProtocol() + " " + p.getContainerPort() + " " + p.getHostIP() + ":" + p.getHostPort())
                .containsExactlyInAnyOrder("UDP 5353 127.0.0.1:41001", "TCP 8080 127.0.0.1:41000");
        assertThat(replica.getMetadata().getLabels()).containsEntry(PodSpecs.LABEL_UDP_BACKENDS, "5353-41001");
    }

    @Test
    void resolvedVariablesAreRenderedAndConnectionVariablesGoOverThem() throws Exception {
        AppDefinition definition = HelloExample.definition("maestro-hello", "Hello");
        var offline = io.maestro.model.env.EnvResolver.resolve(definition, "production");
        Map<String, io.maestro.model.env.ResolvedValue> web = new LinkedHashMap<>(offline.service("web"));
        web.put("GREETING", io.maestro.model.env.ResolvedValue.text("from the API", false));
        web.put("API_TOKEN", io.maestro.model.env.ResolvedValue.text("s3cret", true));
        Map<String, Map<String, io.maestro.model.env.ResolvedValue>> services = new LinkedHashMap<>(offline.services());
        services.put("web", web);
        var resolved = new io.maestro.model.env.ResolvedEnvironment(offline.application(), offline.injected(), services);

        ServicePlan plan = PodSpecs.plan(deployment("Hello").withVariables(resolved), LOGS).get(0);

        Map<String, String> env = new LinkedHashMap<>();
        plan.template().getSpec().getContainers().get(0).getEnv().forEach(v -> env.put(v.getName(), v.getValue()));
        assertThat(env).containsEntry("GREETING", "from the API").containsEntry("API_TOKEN", "s3cret")
                .containsEntry("REDIS_PORT", "16379");
        assertThat(plan.revision()).isNotEqualTo(PodSpecs.plan(deployment("Hello"), LOGS).get(0).revision());
    }

    @Test
    void aKeptReplicaCountWinsOverTheDefinitionsRange() throws Exception {
        List<ServicePlan> plans = PodSpecs.plan(deployment("Hello").withReplicas(Map.of("web", 3, "worker", 0)), LOGS);

        assertThat(plans).extracting(ServicePlan::replicas).containsExactly(3, 0);
        assertThat(plans.get(0).autoscaled()).isFalse();
        assertThat(plans.get(0).revision()).isEqualTo(PodSpecs.plan(deployment("Hello"), LOGS).get(0).revision());
    }

    private static EnvVar ref(String name, boolean config, String object) {
        EnvVarBuilder builder = new EnvVarBuilder().withName(name);
        return config
                ? builder.withNewValueFrom().withNewConfigMapKeyRef(name, object, null).endValueFrom().build()
                : builder.withNewValueFrom().withNewSecretKeyRef(name, object, null).endValueFrom().build();
    }

    private static LocalDeployment deployment(String greeting) throws Exception {
        AppDefinition definition = HelloExample.definition("maestro-hello", greeting);
        return LocalDeployment.of(definition, "hello", "production")
                .withEnv(Map.of("REDIS_ADDRESS", "host.containers.internal", "REDIS_PORT", "16379",
                        "POSTGRESQL_ADDRESS", "host.containers.internal", "POSTGRESQL_DATABASE", "hello_production",
                        "POSTGRESQL_USERNAME", "hello", "POSTGRESQL_PASSWORD", "pw"))
                .withHostPort("web", 8080, 18080);
    }

}
