package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutDirTheExampleOfTheMaestroCheckoutIsUsedWhenTheCurrentFolderHasNone() throws IOException {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("examples/hello"));
        Files.writeString(checkout.resolve("examples/hello/service.yml"), "version: 2\n");
        CliContext context = CliContext.in(dir.resolve("elsewhere")).withEnv(Map.of("MAESTRO_ROOT", checkout.toString()));
        assertThat(UpCommand.applicationFolder(context, null)).isEqualTo(checkout.resolve("examples/hello"));
    }

    @Test
    void aFolderWithoutServiceYmlIsAUsageErrorNamingTheFolder() {
        CliContext context = CliContext.in(dir).withEnv(Map.of());
        assertThatThrownBy(() -> UpCommand.applicationFolder(context, "nothing-here"))
                .isInstanceOf(UsageException.class).hasMessageContaining("expected a folder with a service.yml")
                .hasMessageContaining("nothing-here");
    }

    @Test
    void theFolderNameIsTheApplicationNameAndMustBeADnsLabel() {
        assertThat(UpCommand.applicationName(Path.of("/x/hello"))).isEqualTo("hello");
        assertThatThrownBy(() -> UpCommand.applicationName(Path.of("/x/My_App")))
                .isInstanceOf(UsageException.class).hasMessageContaining("'My_App'");
    }
}
