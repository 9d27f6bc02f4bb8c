package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.plan.fixtures.AppBuilder;
import io.maestro.plan.fixtures.ServiceBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The renderer's use of the shared argv splitter ({@link io.maestro.model.service.CommandLine}). */
@DisplayName("A service's command becomes the container's argv")
class CommandLineTest {

    private static final RenderOptions OPTIONS = new RenderOptions("shop", "production", false);

    @Test
    void theCommandIsSplitLikeAShellWould() {
        var app = AppBuilder.app().service(ServiceBuilder.service("web").image("a/b:1")
                .command("sh -c 'echo $(HOME) && ls'")).build();
        Deployment web = (Deployment) KubernetesRenderer.render(app, OPTIONS).stream()
                .filter(Deployment.class::isInstance).findFirst().orElseThrow();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("sh", "-c", "echo $(HOME) && ls");
    }

    @Test
    void theRendererReportsAnUnclosedQuoteWithTheKeyPath() {
        var app = AppBuilder.app().service(ServiceBuilder.service("web").image("a/b:1").command("echo \"oops")).build();
        assertThatThrownBy(() -> KubernetesRenderer.render(app, OPTIONS))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("services.web.command: expected a closing \" for the quote at character 6, got 'echo \"oops'");
    }
}
