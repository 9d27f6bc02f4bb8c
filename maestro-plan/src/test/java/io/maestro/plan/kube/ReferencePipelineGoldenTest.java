package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.service.ServiceYmlFixture;
import io.maestro.model.source.Diagnostic;
import io.maestro.plan.fixtures.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole offline pipeline on the reference's example FILES: text → {@link DefinitionLoader}
 * (parse, bind, validate, warnings) → {@link KubernetesRenderer} (with the real env resolver) →
 * {@link KubeSerializer}, compared with the golden files under {@code golden/pipeline/}.
 *
 * <p>Unlike {@link ReferenceExamplesRenderingTest}, whose inputs are records built by hand, nothing
 * here is constructed in code, so a change in the binder, the validator or the resolver that alters
 * what a user gets from {@code maestro render} shows up in these files. Regenerate them as the
 * golden README says (the test name is {@code ReferencePipelineGoldenTest}).
 */
@DisplayName("The reference example files render through the whole pipeline")
class ReferencePipelineGoldenTest {

    private static final String APP = "shop";
    private static final String ENV = "production";

    /** One pairing of files: its definition after loading, and the golden file it must render to. */
    private record Case(String golden, AppDefinition definition) {
        List<String> warnings() {
            return definition.warnings().stream().map(Diagnostic::format).toList();
        }

        List<HasMetadata> render(boolean showSecrets) {
            return KubernetesRenderer.render(definition, new RenderOptions(APP, ENV, showSecrets));
        }

        String yaml() {
            return KubeSerializer.toYaml(render(false));
        }
    }

    /** A reference example from the model test-jar, named in messages by its folder. */
    private static Case reference(String example, String manifest) {
        String folder = ServiceYmlFixture.REFERENCE_EXAMPLES;
        Source serviceYml = Source.text(example + "/service.yml",
                ServiceYmlFixture.resource(folder + example + "/service.yml"));
        Optional<Source> manifestYml = Optional.ofNullable(manifest)
                .map(m -> Source.text(m, ServiceYmlFixture.resource(folder + m)));
        String golden = "pipeline/" + example + (manifest == null ? "" : "+" + manifest.replace(".yml", "")) + ".yaml";
        return new Case(golden, DefinitionLoader.create().load(serviceYml, manifestYml, ENV));
    }

    private static Case exampleA() {
        return reference("example-a", "manifest-m1.yml");
    }

    private static Case exampleB() {
        return reference("example-b", "manifest-m2.yml");
    }

    private static Case exampleC() {
        return reference("example-c", null);
    }

    private static Case v1() {
        return reference("v1", null);
    }

    /** The repository's own example, read from disk as {@code maestro render} reads it. */
    private static Case shop() {
        Path folder = Path.of("..", "examples", "shop");
        return new Case("pipeline/shop.yaml", DefinitionLoader.create().load(
                new Source("examples/shop/service.yml", folder.resolve("service.yml"), null),
                Optional.of(new Source("examples/shop/manifest.yml", folder.resolve("manifest.yml"), null)), ENV));
    }

    private static List<Case> all() {
        return List.of(exampleA(), exampleB(), exampleC(), v1(), shop());
    }

    @Nested
    @DisplayName("render to the golden objects")
    class Goldens {
        @Test
        void exampleAWithManifestM1() {
            Case a = exampleA();
            Golden.assertMatches(a.golden(), a.yaml());
        }

        @Test
        void exampleBWithManifestM2() {
            Case b = exampleB();
            Golden.assertMatches(b.golden(), b.yaml());
        }

        @Test
        void exampleC() {
            Case c = ReferencePipelineGoldenTest.exampleC();
            Golden.assertMatches(c.golden(), c.yaml());
        }

        @Test
        void theV1FlavourOfExampleC() {
            Case v1 = v1();
            Golden.assertMatches(v1.golden(), v1.yaml());
        }

        @Test
        void theShopExampleWithItsManifest() {
            Case shop = shop();
            Golden.assertMatches(shop.golden(), shop.yaml());
        }
    }

    @Nested
    @DisplayName("warn exactly as expected")
    class Warnings {
        @Test
        void theV2ExamplesAWithM1AndCAndTheShopLoadWithoutWarnings() {
            assertThat(exampleA().warnings()).isEmpty();
            assertThat(exampleC().warnings()).isEmpty();
            assertThat(shop().warnings()).isEmpty();
        }

        @Test
        void exampleBWarnsAboutTheCrossApplicationReferenceAndMongoDb() {
            assertThat(exampleB().warnings()).containsExactly(
                    "example-b/service.yml:20:7: warning: services.api.env_vars.PAYMENTS_KEY: "
                            + "'_env(STACK[a1b2c3d4e5f6].PAYMENTS_KEY)' is unresolved offline; resolved by the control plane",
                    "manifest-m2.yml:17:1: warning: mongodb: recognised but not supported by Maestro yet; it is ignored "
                            + "(Maestro does not provision MongoDB yet: run it yourself and give the services its address "
                            + "and credentials as environment variables.)");
        }

        @Test
        void theV1FileWarnsOncePerV1KeyNamingTheV2Form() {
            assertThat(v1().warnings()).containsExactly(
                    "v1/service.yml:6:13: warning: services.web.health: V1 health check mapped to a readiness probe "
                            + "(http on /up, timeout 45s) (V2 form: health: {ready: {type: http, endpoint: /up, timeout: 45}})",
                    "v1/service.yml:7:5: warning: services.web.pre_start_signal: V1 only: the signal sent to old "
                            + "containers before new ones start; it is ignored on Kubernetes. Use `pre_stop_command` to "
                            + "run something before a container stops.",
                    "v1/service.yml:8:5: warning: services.web.pre_stop_sequence: V1 only: alternating waits and "
                            + "signals sent before a container is killed; it is ignored on Kubernetes. Use "
                            + "`pre_stop_command` and `stop_grace` instead.",
                    "v1/service.yml:9:5: warning: services.web.requires: V1 only: start order is not supported on "
                            + "Kubernetes, where services start in any order. Give dependants a readiness probe and make "
                            + "them retry connecting instead.",
                    "v1/service.yml:10:45: warning: services.web.constraints.resources.memory: V1 form: mapped to "
                            + "constraints.resources.limits.memory = 512Mi (V2 form: resources: {limits: {memory: 512Mi}})",
                    "v1/service.yml:10:61: warning: services.web.constraints.resources.cpu: V1 form: mapped to "
                            + "constraints.resources.requests.cpu = 500m (V2 form: resources: {requests: {cpu: 500m}})",
                    "v1/service.yml:11:5: warning: services.web.privileged: V1 key: mapped to "
                            + "security_context.privileged (V2 form: security_context: {privileged: false})");
        }
    }

    @Nested
    @DisplayName("are deterministic and keep secrets out of the output")
    class Properties {
        @Test
        void renderingTwiceGivesIdenticalBytes() {
            for (Case c : all()) {
                assertThat(c.yaml()).as(c.golden()).isEqualTo(c.yaml());
                assertThat(KubeSerializer.toJson(c.render(false))).as(c.golden())
                        .isEqualTo(KubeSerializer.toJson(c.render(false)));
            }
        }

        @Test
        void loadingTwiceGivesIdenticalBytes() {
            assertThat(all().stream().map(Case::yaml).toList()).isEqualTo(all().stream().map(Case::yaml).toList());
        }

        @Test
        void maskedSecretsHoldOnlyMarkers() {
            for (Case c : all()) {
                for (Secret secret : secrets(c.render(false))) {
                    assertThat(secret.getData()).as("%s %s", c.golden(), secret.getMetadata().getName()).isNullOrEmpty();
                    assertThat(secret.getStringData()).as("%s %s", c.golden(), secret.getMetadata().getName())
                            .allSatisfy((key, value) ->
                                    assertThat(value).isIn(SecretValues.MASK, SecretValues.PROVISIONED));
                }
            }
        }

        @Test
        void noGeneratedValueReachesTheMaskedOutput() {
            for (Case c : List.of(exampleA(), exampleB(), shop())) {
                List<String> generated = generatedValues(c);
                assertThat(generated).as(c.golden()).isNotEmpty();
                String masked = c.yaml() + KubeSerializer.toJson(c.render(false));
                assertThat(generated).as(c.golden()).noneMatch(masked::contains);
            }
        }

        @Test
        void aReferenceToAGeneratedValueGetsTheSameValueAsItsOwner() {
            Map<String, String> api = secretValues(exampleB().render(true), "api-env");
            List<HasMetadata> shown = exampleB().render(true);
            assertThat(secretValues(shown, "worker-env").get("API_TOKEN"))
                    .isEqualTo(secretValues(shown, "api-env").get("API_TOKEN"))
                    .hasSize(32);
            assertThat(api.get("API_TOKEN")).matches("[A-Za-z0-9]{32}");

            List<HasMetadata> shop = shop().render(true);
            assertThat(secretValues(shop, "worker-env").get("SECRET_KEY_BASE"))
                    .isEqualTo(secretValues(shop, "web-env").get("SECRET_KEY_BASE"))
                    .matches("[A-Za-z0-9]{64}");
        }

        @Test
        void workloadsReadSecretVariablesFromSecretsNeverInline() {
            for (Case c : all()) {
                for (HasMetadata object : c.render(false)) {
                    if (object instanceof Deployment deployment) {
                        for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                            if (env.getName().matches(".*(PASSWORD|SECRET|TOKEN|KEY).*") && env.getValue() != null) {
                                assertThat(env.getValue()).as("%s %s", c.golden(), env.getName())
                                        .matches("(\\$\\([A-Z0-9_]+\\))+");
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<Secret> secrets(List<HasMetadata> objects) {
        return objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
    }

    /** A Secret's decoded values when secrets are shown. */
    private static Map<String, String> secretValues(List<HasMetadata> objects, String name) {
        Secret secret = secrets(objects).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name));
        Map<String, String> decoded = new java.util.TreeMap<>();
        secret.getData().forEach((k, v) ->
                decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return decoded;
    }

    /** The AUTO_GENERATE values of a shown render: the long random texts in Secrets. */
    private static List<String> generatedValues(Case c) {
        List<String> values = new ArrayList<>();
        for (Secret secret : secrets(c.render(true))) {
            if (secret.getData() == null) {
                continue;
            }
            secret.getData().forEach((key, value) -> {
                String clear = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                if (!key.startsWith(EnvPlan.HELPER_PREFIX) && clear.matches("[A-Za-z0-9]{32,}")) {
                    values.add(clear);
                }
            });
        }
        return values;
    }
}
