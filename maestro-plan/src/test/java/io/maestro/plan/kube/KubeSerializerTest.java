package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.maestro.plan.fixtures.ReferenceExamples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KubeSerializer writes stable text")
class KubeSerializerTest {

    private static final HasMetadata NAMESPACE = new NamespaceBuilder().withNewMetadata().withName("shop-production")
            .endMetadata().build();

    @Test
    void writesOneYamlDocumentPerObjectWithATrailingNewline() {
        String yaml = KubeSerializer.toYaml(List.of(NAMESPACE, NAMESPACE));
        assertThat(yaml).isEqualTo("""
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop-production
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop-production
                """);
    }

    @Test
    void writesNothingForNoObjects() {
        assertThat(KubeSerializer.toYaml(List.of())).isEmpty();
        assertThat(KubeSerializer.toJson(List.of())).isEqualTo("[ ]\n");
    }

    @Test
    void sortsMapEntriesSoInsertionOrderDoesNotMatter() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("b", "2");
        forward.put("a", "1");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("a", "1");
        backward.put("b", "2");
        HasMetadata one = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().withData(forward).build();
        HasMetadata two = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().withData(backward).build();
        assertThat(KubeSerializer.toYaml(List.of(one))).isEqualTo(KubeSerializer.toYaml(List.of(two)))
                .contains("data:\n  a: \"1\"\n  b: \"2\"\n");
        assertThat(KubeSerializer.toJson(List.of(one))).isEqualTo(KubeSerializer.toJson(List.of(two)));
    }

    @Test
    void quotesStringsYamlWouldReadAsSomethingElse() {
        Map<String, String> data = Map.of("port", "3000", "flag", "true", "answer", "yes", "nothing", "null", "plain", "text");
        String yaml = KubeSerializer.toYaml(List.of(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata()
                .withData(data).build()));
        assertThat(yaml).contains("port: \"3000\"", "flag: \"true\"", "answer: \"yes\"", "nothing: \"null\"", "plain: text");
    }

    @Test
    void jsonIsAnArrayThatReadsBackToTheSameObjects() throws Exception {
        var example = ReferenceExamples.exampleA();
        List<HasMetadata> objects = KubernetesRenderer.render(example.definition(), example.variables(),
                new RenderOptions("shop", "production", false));
        String json = KubeSerializer.toJson(objects);
        assertThat(json).endsWith("}\n]\n").doesNotContain("\r").doesNotContain(": null");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.isArray()).isTrue();
        assertThat(tree.size()).isEqualTo(objects.size());
        assertThat(tree.get(0).get("kind").asText()).isEqualTo("Namespace");
    }

    @Test
    void yamlHasNoNullsNoEmptyCollectionsAndNoTimestamps() {
        var example = ReferenceExamples.exampleB();
        String yaml = KubeSerializer.toYaml(KubernetesRenderer.render(example.definition(), example.variables(),
                new RenderOptions("shop", "production", false)));
        assertThat(yaml).doesNotContain("null").doesNotContain(": []").doesNotContain("creationTimestamp")
                .doesNotContain("\r").startsWith("---\napiVersion: v1\nkind: Namespace\n");
    }
}
