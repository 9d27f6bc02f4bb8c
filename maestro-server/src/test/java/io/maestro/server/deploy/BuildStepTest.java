package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.MaestroException;
import io.maestro.store.audit.Actor;
import io.maestro.store.publish.DeploymentOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildStepTest {

    private static final String SERVICE_YML = """
            services:
              web:
                git_url: https://git.example.com/acme/web.git
                git_branch: main
                ports: ["8080:80"]
              api:
                git_url: https://git.example.com/acme/api.git
                git_branch: develop
              cache:
                image: acme/cache:1.0
            """;

    private final List<String> asked = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final ImageBuilds builds = (app, service, source, ref, variables, actor, lines) -> {
        asked.add(service + "@" + ref.orElse(source.gitBranch()));
        lines.accept("STEP 1/2: FROM scratch");
        return "127.0.0.1:5000/" + app + "/" + service + ":" + ref.orElse(source.gitBranch()) + "-sha";
    };

    @Test
    void everyGitBasedServiceIsBuiltAtItsRefAndRunsTheBuiltImage() {
        DeploymentOptions options = new DeploymentOptions(1, List.of(), Map.of("web", "v2"), "release", null,
                DeploymentOptions.PARALLEL, true, "cli");
        BuildStep.Outcome outcome = run(options, Map.of());

        assertThat(asked).containsExactly("web@v2", "api@release");
        assertThat(outcome.images()).containsEntry("web", "127.0.0.1:5000/shop/web:v2-sha")
                .containsEntry("api", "127.0.0.1:5000/shop/api:release-sha").containsEntry("cache", "acme/cache:1.0");
        assertThat(outcome.definition().services().service("web").orElseThrow().image()).isEqualTo("127.0.0.1:5000/shop/web:v2-sha");
        assertThat(outcome.built()).containsExactly("web", "api");
        assertThat(log).contains("web | STEP 1/2: FROM scratch");
    }

    @Test
    void servicesOutOfScopeKeepTheImagesOfTheLastDeploymentAndAnImageServiceRefIsATag() {
        DeploymentOptions options = new DeploymentOptions(1, List.of("cache"), Map.of("cache", "1.1"), null, null,
                DeploymentOptions.FAST, true, "cli");
        BuildStep.Outcome outcome = run(options, Map.of("web", "reg/shop/web:old", "api", "reg/shop/api:old",
                "cache", "acme/cache:1.0"));

        assertThat(asked).isEmpty();
        assertThat(outcome.images()).containsEntry("web", "reg/shop/web:old").containsEntry("cache", "acme/cache:1.1");
        assertThat(outcome.changed()).containsExactly("cache");
    }

    @Test
    void aGitServiceNeverBuiltIsBuiltEvenOutOfScopeButANoBuildProfileRefuses() {
        DeploymentOptions scoped = new DeploymentOptions(1, List.of("cache"), Map.of(), null, null,
                DeploymentOptions.PARALLEL, true, "cli");
        run(scoped, Map.of("web", "shop/web:main"));   // the renderer's placeholder is not an image to reuse
        assertThat(asked).containsExactly("web@main", "api@develop");

        DeploymentOptions noBuild = new DeploymentOptions(1, List.of(), Map.of(), null, "quick",
                DeploymentOptions.PARALLEL, false, "cli");
        assertThatThrownBy(() -> run(noBuild, Map.of()))
                .hasMessageContaining("has never been built and profile quick does not build");
    }

    @Test
    void aFailedBuildStopsTheStepWithItsMessage() {
        ImageBuilds failing = (app, service, source, ref, variables, actor, lines) -> {
            throw new MaestroException("build of " + service + " failed: Dockerfile:2: unknown instruction FORM");
        };
        assertThatThrownBy(() -> BuildStep.run(definition(), "shop", DeploymentOptions.plain(1), Map.of(), failing,
                service -> BuildVariables.none(), Actor.system(), log::add, new ArrayList<>()))
                .hasMessageContaining("unknown instruction FORM");
        assertThatThrownBy(() -> BuildStep.run(definition(), "shop", DeploymentOptions.plain(1), Map.of(), null,
                service -> BuildVariables.none(), Actor.system(), log::add, new ArrayList<>()))
                .hasMessageContaining("no BuildGrid");
    }

    @Test
    void aTagReplacesTheTagOrDigestOfAnImage() {
        assertThat(BuildStep.withTag("acme/web:1.0", "2")).isEqualTo("acme/web:2");
        assertThat(BuildStep.withTag("registry:5000/acme/web", "2")).isEqualTo("registry:5000/acme/web:2");
        assertThat(BuildStep.withTag("acme/web@sha256:abc", "2")).isEqualTo("acme/web:2");
    }

    private BuildStep.Outcome run(DeploymentOptions options, Map<String, String> previous) {
        return BuildStep.run(definition(), "shop", options, previous, builds, service -> BuildVariables.none(), Actor.system(), log::add, new ArrayList<>());
    }

    private static AppDefinition definition() {
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", SERVICE_YML), Optional.empty(),
                "production");
    }
}
