package io.maestro.buildgrid.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.source.BuildSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileEnvTest {

    @Test
    void applicationVariablesAreSubstitutedInBothFormsAndOthersAreLeftForTheBuilder() {
        String dockerfile = """
                FROM scratch
                ENV MODE=$RAILS_ENV HOME=${APP_HOME}/x
                ARG VERSION
                LABEL v=$VERSION escaped=\\$RAILS_ENV long=$RAILS_ENVX
                """;

        assertThat(DockerfileEnv.substitute(dockerfile, Map.of("RAILS_ENV", "production", "APP_HOME", "/srv")))
                .isEqualTo("""
                        FROM scratch
                        ENV MODE=production HOME=/srv/x
                        ARG VERSION
                        LABEL v=$VERSION escaped=\\$RAILS_ENV long=$RAILS_ENVX
                        """);
    }

    @Test
    void aValueWithALineBreakIsRefusedBecauseItWouldAddInstructions() {
        assertThatThrownBy(() -> DockerfileEnv.substitute("ENV A=$A\n", Map.of("A", "x\nRUN evil")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("environment variable A: expected a single-line value");
    }

    @Test
    void replacementsAreLiteralEvenWithDollarsAndBackslashes() {
        assertThat(DockerfileEnv.substitute("X=$A", Map.of("A", "$1\\n"))).isEqualTo("X=$1\\n");
    }

    @Test
    void imageNamesAreCheckedPartByPart() {
        assertThat(new ImageRef("127.0.0.1:5000", "shop", "web", "abc123").toString()).isEqualTo("127.0.0.1:5000/shop/web:abc123");
        assertThat(new ImageRef("127.0.0.1:5000", "shop", "web", "t").isLoopbackRegistry()).isTrue();
        assertThat(new ImageRef("registry.example.com", "shop", "web", "t").isLoopbackRegistry()).isFalse();
        assertThatThrownBy(() -> new ImageRef("127.0.0.1:5000", "Shop", "web", "t"))
                .hasMessage("image application name: expected lowercase letters, digits and . _ - inside, found 'Shop'");
        assertThatThrownBy(() -> new ImageRef("r", "shop", "web", "-t")).hasMessageContaining("image tag");
        assertThatThrownBy(() -> new ImageRef("--tls", "shop", "web", "t")).hasMessageContaining("image registry");
    }

    @Test
    void buildRootAndDockerfilePathResolveInsideTheCheckoutOnly() {
        Path checkout = Path.of("/work/x");
        BuildSource source = BuildSource.of("https://example.com/r.git", "main").withBuildRoot("app")
                .withDockerfilePath("docker/Dockerfile.prod");

        assertThat(source.contextIn(checkout)).isEqualTo(Path.of("/work/x/app"));
        assertThat(source.dockerfileIn(checkout)).isEqualTo(Path.of("/work/x/app/docker/Dockerfile.prod"));
        assertThat(BuildSource.of("u", "main").dockerfileIn(checkout)).isEqualTo(Path.of("/work/x/Dockerfile"));
        assertThatThrownBy(() -> BuildSource.of("u", "main").withBuildRoot("../etc").contextIn(checkout))
                .hasMessage("build_root: expected a path inside the repository, found '../etc'");
        assertThatThrownBy(() -> BuildSource.of("u", "main").withDockerfilePath("/etc/passwd").dockerfileIn(checkout))
                .hasMessageContaining("dockerfile_path: expected a path inside the repository");
        assertThatThrownBy(() -> BuildSource.of("u", "--upload-pack=x")).hasMessageContaining("git_branch");
        assertThatThrownBy(() -> BuildSource.of("-oProxy", "main")).hasMessageContaining("git_url");
    }
}
