package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.plan.fixtures.Golden;
import io.maestro.plan.fixtures.ReferenceExamples;
import io.maestro.plan.fixtures.ReferenceExamples.Example;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reference's example applications render to the golden objects")
class ReferenceExamplesRenderingTest {

    private static final RenderOptions OPTIONS = new RenderOptions(ReferenceExamples.APP, ReferenceExamples.ENV, false);

    private static List<HasMetadata> render(Example example) {
        return KubernetesRenderer.render(example.definition(), example.variables(), OPTIONS);
    }

    @Test
    void exampleAWithManifestM1() {
        Golden.assertMatches("example-a.yaml", KubeSerializer.toYaml(render(ReferenceExamples.exampleA())));
    }

    @Test
    void exampleBWithManifestM2() {
        Golden.assertMatches("example-b.yaml", KubeSerializer.toYaml(render(ReferenceExamples.exampleB())));
    }

    @Test
    void exampleC() {
        Golden.assertMatches("example-c.yaml", KubeSerializer.toYaml(render(ReferenceExamples.exampleC())));
    }

    @Test
    void exampleBAsJson() {
        Golden.assertMatches("example-b.json", KubeSerializer.toJson(render(ReferenceExamples.exampleB())));
    }

    @Test
    void rendersTheNamespaceFirstThenKindsInOrderThenNames() {
        List<HasMetadata> objects = render(ReferenceExamples.exampleB());
        assertThat(objects.get(0).getKind()).isEqualTo("Namespace");
        for (int i = 1; i < objects.size(); i++) {
            HasMetadata previous = objects.get(i - 1);
            HasMetadata current = objects.get(i);
            int order = Integer.compare(KubernetesRenderer.KIND_ORDER.indexOf(previous.getKind()),
                    KubernetesRenderer.KIND_ORDER.indexOf(current.getKind()));
            assertThat(order <= 0).as("%s before %s", previous.getKind(), current.getKind()).isTrue();
            if (order == 0) {
                assertThat(previous.getMetadata().getName()).isLessThan(current.getMetadata().getName());
            }
        }
    }
}
