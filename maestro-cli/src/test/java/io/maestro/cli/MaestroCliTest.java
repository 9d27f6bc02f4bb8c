package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.MaestroException;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.InvalidDefinitionException;
import io.maestro.model.source.SourcePosition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaestroCliTest {

    private final Path here = Path.of("");

    @Test
    void versionNamesTheProjectVersion() {
        Cli.Run run = Cli.run(here, "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("maestro ").doesNotContain("${");
    }

    @Test
    void helpListsTheOfflineCommandsButNotTheHiddenOnes() {
        Cli.Run run = Cli.run(here, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("validate", "render", "convert", "explain").doesNotContain("docs ");
    }

    @Test
    void noCommandShowsUsageOnStderrAndExitsTwo() {
        Cli.Run run = Cli.run(here);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: maestro");
    }

    @Test
    void unknownCommandIsAUsageErrorNamingIt() {
        Cli.Run run = Cli.run(here, "fly");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).first().isEqualTo("maestro: error: 'fly' is not a maestro command");
    }

    @Test
    void internalErrorsPrintOneLineAndNoStackTrace() {
        StringWriter err = new StringWriter();

        int code = new ErrorReporter(false).report(new IllegalStateException("boom\nsecond line"), new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "maestro: error: internal error: IllegalStateException: boom (run with MAESTRO_DEBUG=1 for details)\n");
    }

    @Test
    void debugModeAddsTheStackTrace() {
        StringWriter err = new StringWriter();

        new ErrorReporter(true).report(new IllegalStateException("boom"), new PrintWriter(err));

        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void knownFailuresPrintTheirMessage() {
        StringWriter err = new StringWriter();

        int code = new ErrorReporter(false).report(new MaestroException("cannot write k8s: disk full"), new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("maestro: error: cannot write k8s: disk full\n");
    }

    @Test
    void anEscapedInvalidDefinitionPrintsItsDiagnostics() {
        StringWriter err = new StringWriter();
        Diagnostic problem = Diagnostic.error(new SourcePosition("service.yml", 2, 3), "services.web", "bad");

        int code = new ErrorReporter(false).report(new InvalidDefinitionException(List.of(problem)), new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("service.yml:2:3: error: services.web: bad\n");
    }

    @Test
    void usageExceptionsExitTwo() {
        StringWriter err = new StringWriter();

        assertThat(new ErrorReporter(false).report(new UsageException("x: no such file"), new PrintWriter(err))).isEqualTo(2);
    }
}
