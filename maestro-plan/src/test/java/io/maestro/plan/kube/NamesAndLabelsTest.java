package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.validate.KubernetesNames;
import io.maestro.plan.fixtures.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Names and labels always fit Kubernetes' rules")
class NamesAndLabelsTest {

    @Test
    void namesTheNamespaceAfterApplicationAndEnvironment() {
        assertThat(Names.namespace("shop", "production")).isEqualTo("shop-production");
    }

    @Test
    void shortensALongNamespaceWithAHashSoDifferentNamesStayDifferent() {
        String app = "a-very-long-application-name-that-goes-on-and-on";
        String first = Names.namespace(app, "production-eu-west-1");
        String second = Names.namespace(app, "production-eu-west-2");
        assertThat(first).hasSize(63).startsWith("a-very-long-application-name-that-goes-on-and-on-pro");
        assertThat(first).isNotEqualTo(second);
        assertThat(KubernetesNames.isDns1123Label(first)).isTrue();
        assertThat(Names.namespace(app, "production-eu-west-1")).isEqualTo(first);
    }

    @Test
    void keepsTheSuffixWhenShorteningAName() {
        String service = "s".repeat(62);
        String name = Names.suffixed(service, "l4");
        assertThat(name).hasSize(63).endsWith("-l4");
        assertThat(KubernetesNames.isDns1123Label(name)).isTrue();
        assertThat(Names.suffixed("web", "l4")).isEqualTo("web-l4");
    }

    @Test
    void makesAnyTextALabel() {
        assertThat(Names.label("My_App.v2")).isEqualTo("my-app-v2");
        assertThat(Names.label("--x--")).isEqualTo("x");
    }

    @Test
    void makesAnyTextALabelValue() {
        assertThat(Labels.value("feature/new-metrics")).isEqualTo("feature-new-metrics");
        assertThat(Labels.value("_v1.2_")).isEqualTo("v1.2");
        String longValue = Labels.value("1.0.0-" + "x".repeat(100));
        assertThat(longValue).hasSizeLessThanOrEqualTo(63);
        assertThat(KubernetesNames.isLabelValue(longValue)).isTrue();
    }

    @Test
    void selectorsUseOnlyNameAndInstance() {
        assertThat(Labels.selector("shop", "production", "web")).containsOnly(
                Map.entry(Labels.NAME, "web"), Map.entry(Labels.INSTANCE, "shop-production"));
    }

    @Test
    void tagsNeverReplaceMaestrosOwnLabels() {
        var service = ServiceBuilder.service("web").image("acme/web:1.2")
                .tag(Labels.NAME, "hijack").tag(Labels.MANAGED_BY, "helm").tag("tier", "frontend").tag("canary", "")
                .build();
        Map<String, String> labels = Labels.forService(new RenderOptions("shop", "production", false), service, "1.2");
        assertThat(labels).containsEntry(Labels.NAME, "web")
                .containsEntry(Labels.MANAGED_BY, "maestro")
                .containsEntry(Labels.VERSION, "1.2")
                .containsEntry(Labels.PART_OF, "shop")
                .containsEntry("tier", "frontend")
                .containsEntry("canary", "");
    }

    @Test
    void takesTheVersionFromTheImageTagOrDigest() {
        assertThat(ImageReference.of("shop", ServiceBuilder.service("w").image("quay.io:443/acme/web:1.4.2").build()).version())
                .isEqualTo("1.4.2");
        assertThat(ImageReference.of("shop", ServiceBuilder.service("w").image("registry:5000/acme/web").build()).version())
                .isEqualTo("latest");
        assertThat(ImageReference.of("shop", ServiceBuilder.service("w").image("acme/web@sha256:abcdef0123456789ff").build())
                .version()).isEqualTo("sha256-abcdef012345");
    }

    @Test
    void givesGitBuiltServicesAPlaceholderImage() {
        ImageReference image = ImageReference.of("shop",
                ServiceBuilder.service("api").git("https://github.com/acme/api.git", "release/2.0").build());
        assertThat(image.reference()).isEqualTo("shop/api:release-2.0");
        assertThat(image.version()).isEqualTo("git");
        assertThat(image.placeholder()).isTrue();
        assertThat(ImageReference.of("shop", ServiceBuilder.service("api").git("https://x/y.git", null).build()).reference())
                .isEqualTo("shop/api:latest");
    }
}
