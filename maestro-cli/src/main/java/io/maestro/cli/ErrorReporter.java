package io.maestro.cli;

import io.maestro.cli.online.ApiFailure;
import io.maestro.model.MaestroException;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.InvalidDefinitionException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become output: {@code maestro: error: MESSAGE} on stderr and an
 * exit code (2 for usage, 1 otherwise). Users never see a stack trace unless they ask for it with
 * {@code MAESTRO_DEBUG=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    static final String PREFIX = "maestro: error: ";

    private final boolean debug;

    ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    /** Picocli could not parse the command line. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(PREFIX + message(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /** Picocli's wording, except for the commonest mistake: a command that does not exist. */
    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.getCommandLine().getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            // Commands with subcommands take no positional parameters: a bare word is a command name.
            return "'" + unmatched.getUnmatched().get(0) + "' is not a "
                    + unmatched.getCommandLine().getCommandSpec().qualifiedName() + " command";
        }
        return ex.getMessage();
    }

    /** A command failed. */
    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        return report(ex, command.getErr());
    }

    int report(Throwable failure, PrintWriter err) {
        int code;
        if (failure instanceof UsageException usage) {
            err.println(PREFIX + usage.getMessage());
            code = EXIT_USAGE;
        } else if (failure instanceof InvalidDefinitionException invalid) {
            invalid.diagnostics().stream().map(Diagnostic::format).forEach(err::println);
            code = EXIT_FAILURE;
        } else if (failure instanceof ApiFailure api && !api.diagnostics().isEmpty()) {
            // An upload the server rejected: the same lines `maestro validate` prints, then the summary.
            api.diagnostics().stream().map(Diagnostic::format).forEach(err::println);
            err.println(PREFIX + api.getMessage());
            code = EXIT_FAILURE;
        } else if (failure instanceof MaestroException known) {
            err.println(PREFIX + known.getMessage());
            code = EXIT_FAILURE;
        } else {
            // A bug, not a user mistake: say so, with enough to report it.
            err.println(PREFIX + "internal error: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage()))
                    + (debug ? "" : " (run with MAESTRO_DEBUG=1 for details)"));
            code = EXIT_FAILURE;
        }
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
