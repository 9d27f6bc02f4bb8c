package io.maestro.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code maestro} command line. Offline commands ({@code validate}, {@code render},
 * {@code convert}, {@code explain}) use the model and plan modules directly; {@code server} runs
 * the control plane.
 *
 * <p>Exit codes everywhere: 0 success, 1 failure (invalid input, a failed operation), 2 usage
 * error (unknown option, missing file). Errors print as {@code maestro: error: MESSAGE}.
 *
 * <pre>{@code
 * int exitCode = MaestroCli.run(CliContext.in(dir), out, err, "validate", "-f", "service.yml");
 * }</pre>
 */
@Command(name = "maestro", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Maestro: describe an application in service.yml and manifest.yml; Maestro validates, renders and runs it.",
        subcommands = {
            ValidateCommand.class,
            RenderCommand.class,
            ConvertCommand.class,
            ExplainCommand.class,
            UpCommand.class,
            DownCommand.class,
            ServerCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            ProfilesCommand.class,
            AppsCommand.class,
            VersionsCommand.class,
            EnvVarsCommand.class,
            DeployCommand.class,
            HistoryCommand.class,
            DeploymentsCommand.class,
            RollbackCommand.class,
            ServicesCommand.class,
            StatusCommand.class,
            UnlockCommand.class,
            UsersCommand.class,
            TokensCommand.class,
            HooksCommand.class,
            EnvironmentsCommand.class,
            WebhooksCommand.class,
            ClustersCommand.class,
            ServersCommand.class,
            BuildsCommand.class,
            RegistriesCommand.class,
            CertificatesCommand.class,
            DocsCommand.class,
            HelpCommand.class
        },
        footer = {"", "Exit status: 0 success, 1 failure, 2 usage error. Docs: docs/cli.md"})
public final class MaestroCli implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    public MaestroCli(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    public CliContext context() {
        return context;
    }

    /** {@code maestro} alone: show the commands, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.EXIT_USAGE;
    }

    public static void main(String[] args) {
        // Flushed at every println, so a terminal shows stdout and stderr lines in the order they
        // were printed (a valid line after the warnings above it), as the docs' examples do.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(CliContext.standard(), out, err, args);
        System.exit(code);
    }

    /**
     * Runs one command line in-process and returns its exit code; everything it prints goes to
     * {@code out} and {@code err}. Never throws.
     */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        ErrorReporter errors = new ErrorReporter(debugRequested());
        try {
            return commandLine(context, out, err, errors).execute(args);
        } catch (Throwable failure) { // StackOverflowError, OutOfMemoryError: still no raw trace
            return errors.report(failure, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err, ErrorReporter errors) {
        return new CommandLine(new MaestroCli(context))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    private static boolean debugRequested() {
        String value = System.getenv("MAESTRO_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
