package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiFailure;
import io.maestro.cli.online.ServerUnreachableException;
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
 *
 * <p>With {@code --output json}, every failure of every command also prints one JSON object on
 * stdout, so programs always get JSON: {@code {"error": CODE, "message": TEXT, "status": HTTP
 * status or null, "diagnostics": [...]}}. Codes: the server's error code for an API failure
 * ({@code unauthorized}, {@code not_found}, ...), {@code unreachable}, {@code usage} (exit 2),
 * {@code invalid} (an invalid definition), {@code failed} (any other known failure),
 * {@code internal} (a bug).
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
        if (jsonRequested(args)) {
            printJson(command.getOut(), errorJson("usage", message(ex), null, Json.array()));
        }
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
        if (jsonRequested(parseResult)) {
            printJson(command.getOut(), errorJson(ex));
        }
        return report(ex, command.getErr());
    }

    /** Whether the command that ran (the innermost subcommand) was given {@code --output json}. */
    private static boolean jsonRequested(ParseResult parseResult) {
        ParseResult innermost = parseResult;
        while (innermost.subcommand() != null) {
            innermost = innermost.subcommand();
        }
        return innermost.hasMatchedOption("--output")
                && innermost.matchedOptionValue("--output", OutputFormat.TEXT) == OutputFormat.JSON;
    }

    /** The command line could not be parsed, so the option is looked for in the raw arguments. */
    private static boolean jsonRequested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equalsIgnoreCase("--output=json")
                    || (args[i].equals("--output") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json"))) {
                return true;
            }
        }
        return false;
    }

    /** The JSON error object for {@code failure} (see the class comment). */
    static ObjectNode errorJson(Throwable failure) {
        if (failure instanceof ApiFailure api) {
            return errorJson(api.code(), api.getMessage(), api.status(), Json.diagnostics(api.diagnostics()));
        }
        if (failure instanceof ServerUnreachableException) {
            return errorJson("unreachable", failure.getMessage(), null, Json.array());
        }
        if (failure instanceof UsageException) {
            return errorJson("usage", failure.getMessage(), null, Json.array());
        }
        if (failure instanceof InvalidDefinitionException invalid) {
            return errorJson("invalid", invalid.getMessage(), null, Json.diagnostics(invalid.diagnostics()));
        }
        if (failure instanceof MaestroException) {
            return errorJson("failed", failure.getMessage(), null, Json.array());
        }
        return errorJson("internal", "internal error: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage())), null, Json.array());
    }

    private static ObjectNode errorJson(String code, String message, Integer status, JsonNode diagnostics) {
        ObjectNode node = Json.object();
        node.put("error", code);
        node.put("message", message);
        if (status == null) {
            node.putNull("status");
        } else {
            node.put("status", status);
        }
        node.set("diagnostics", diagnostics);
        return node;
    }

    private static void printJson(PrintWriter out, JsonNode node) {
        out.print(Json.write(node));
        out.flush();
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
