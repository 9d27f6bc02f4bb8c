package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.compose.ComposeConverter.Conversion;
import io.maestro.model.compose.ComposeConverter.Options;
import io.maestro.model.source.Diagnostics;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole compose files converted and compared with golden service.yml files. */
class ComposeConverterGoldenTest {

    private static final Options GIT = new Options("git@github.com:acme/shop.git", "main");

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("shop", "shop", Options.NONE),
                Arguments.of("shop", "shop-with-git-url", GIT),
                Arguments.of("edge-cases", "edge-cases", Options.NONE),
                Arguments.of("docs-example", "docs-example", new Options("https://github.com/acme/app.git", "main")));
    }

    private static Conversion convert(String fixture, Options options) {
        return ComposeConverter.convert(Source.text("docker-compose.yml", ComposeFixtures.compose(fixture)), options);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    @DisplayName("the generated service.yml matches the golden file")
    void matchesGoldenFile(String fixture, String golden, Options options) {
        String actual = convert(fixture, options).serviceYml();
        assertThat(actual).isEqualTo(ComposeFixtures.golden(golden, actual));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    @DisplayName("converting the same file twice gives the same bytes")
    void isDeterministic(String fixture, String golden, Options options) {
        assertThat(convert(fixture, options)).isEqualTo(convert(fixture, options));
    }

    @ParameterizedTest
    @MethodSource("loadable")
    @DisplayName("the generated service.yml loads without errors once its required variables are defined")
    void generatedServiceYmlLoads(String fixture) {
        // With a git URL every service has something to run: an image or a repository to build.
        Conversion conversion = convert(fixture, GIT);
        StringBuilder manifest = new StringBuilder("environment_variables:\n");
        conversion.requiredVariables().forEach(name -> manifest.append("  ").append(name).append(": x\n"));
        assertThatCode(() -> DefinitionLoader.create().load(Source.text("service.yml", conversion.serviceYml()),
                Optional.of(Source.text("manifest.yml", manifest.toString())), null))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("loadable")
    @DisplayName("alone, the generated service.yml fails only on the variables it says to define")
    void generatedServiceYmlAloneLacksOnlyTheRequiredVariables(String fixture) {
        Conversion conversion = convert(fixture, GIT);
        Diagnostics diagnostics = new Diagnostics();
        DefinitionLoader.create().loadCollecting(Source.text("service.yml", conversion.serviceYml()), Optional.empty(),
                null, diagnostics);
        assertThat(diagnostics.errors()).allSatisfy(error -> assertThat(conversion.requiredVariables())
                .anyMatch(name -> error.message().startsWith("undefined variable '" + name + "'")));
    }

    static Stream<String> loadable() {
        return Stream.of("shop", "edge-cases", "docs-example");
    }

    @Test
    @DisplayName("the shop lists exactly the settings it could not convert")
    void shopNotConverted() {
        assertThat(convert("shop", Options.NONE).notConverted()).containsExactly(
                "networks: all services of an application share one network; they reach each other by name",
                "volumes.redis-data: volume options (driver) do not apply; each mount becomes a persistent volume claim",
                "web.depends_on: V2 has no start order; services reach each other by name",
                "web.logging: logs go to the node's container log; use log_folder to mirror a log directory",
                "web.build.args: BuildGrid has no build args; it replaces $VAR in the Dockerfile with the"
                        + " application's env vars",
                "web.build: service.yml builds from a git repository, so the image is pulled instead;"
                        + " give --git-url to build it with BuildGrid",
                "web.volumes[2]: the relative host path './config/local.yml' means nothing on a cluster node;"
                        + " use an absolute path or a named volume",
                "web.healthcheck: compose healthchecks do not map to probes automatically; add health: {ready: ...}",
                "worker.depends_on: V2 has no start order; services reach each other by name",
                "worker.logging: logs go to the node's container log; use log_folder to mirror a log directory",
                "worker.deploy.replicas: the desired count is set with maestro services scale",
                "db.healthcheck: compose healthchecks do not map to probes automatically; add health: {ready: ...}");
    }

    @Test
    @DisplayName("the shop names the application variables compose took from the shell")
    void shopRequiredVariables() {
        Conversion conversion = convert("shop", Options.NONE);
        assertThat(conversion.requiredVariables()).containsExactly("LOG_LEVEL", "POSTGRES_PASSWORD", "SECRET_KEY_BASE");
        assertThat(conversion.serviceYml()).contains("""
                # Define these application variables (manifest.yml environment_variables):
                #   LOG_LEVEL, POSTGRES_PASSWORD, SECRET_KEY_BASE
                """);
    }

    @Test
    @DisplayName("with a git URL the build wins over the image name")
    void gitUrlMakesTheBuildWin() {
        Conversion conversion = convert("shop", GIT);
        assertThat(conversion.serviceYml()).contains("""
                  web:
                    git_url: git@github.com:acme/shop.git
                    git_branch: main
                    dockerfile_path: docker/Dockerfile.web
                """);
        assertThat(conversion.notConverted()).contains(
                "web.image: compose tags the image it builds with this name; BuildGrid names the images it builds itself")
                .noneMatch(line -> line.startsWith("web.build:"));
    }

    @Test
    @DisplayName("warnings carry the compose file's line and column")
    void warningsHavePositions() {
        Conversion conversion = convert("shop", Options.NONE);
        assertThat(conversion.warnings()).extracting(d -> d.format())
                .contains("docker-compose.yml:81:9: warning: services.db.ports[0]: published only on 127.0.0.1 in"
                        + " compose; kept internal (container port 5432)");
    }
}
