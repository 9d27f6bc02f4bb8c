package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.Connection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that talks to the control plane: it resolves the connection
 * ({@code --profile}, {@code MAESTRO_SERVER} / {@code MAESTRO_TOKEN}, the default profile; see
 * {@link Connection}), hands an {@link ApiClient} to {@link #run}, and reports failures. With
 * {@code --output json} a failure also prints {@code {error, message, status, diagnostics}} on
 * stdout ({@link ErrorReporter}), so programs always get JSON.
 *
 * <pre>{@code
 * @Command(name = "list", description = "...")
 * final class ClustersListCommand extends OnlineCommand {
 *     @Override
 *     protected int run(ApiClient api) {
 *         JsonNode answer = api.get("/clusters");
 *         if (json()) { return printJson(answer); }
 *         Table table = new Table("NAME", "SERVER");
 *         answer.path("clusters").forEach(c -> table.row(c.path("name").asText(), c.path("server").asText()));
 *         table.print(out());
 *         return 0;
 *     }
 * }
 * }</pre>
 */
public abstract class OnlineCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected ApiOptions options;

    /** Does the command's work; returns the exit code. */
    protected abstract int run(ApiClient api) throws Exception;

    @Override
    public final Integer call() throws Exception {
        // Failures reach ErrorReporter, which also prints them as JSON with --output json.
        return run(Connection.resolve(options.profile(), context().env()).client());
    }

    protected CliContext context() {
        return ((MaestroCli) spec.root().userObject()).context();
    }

    protected boolean json() {
        return options.json();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code node} as the command's JSON output and returns 0. */
    protected int printJson(JsonNode node) {
        out().print(Json.write(node));
        out().flush();
        return 0;
    }

    /** The text of a JSON field, or {@code fallback} when it is missing or null. */
    protected static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
