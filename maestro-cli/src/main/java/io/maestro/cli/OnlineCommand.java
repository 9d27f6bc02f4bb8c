package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.ApiFailure;
import io.maestro.cli.online.Connection;
import io.maestro.cli.online.ServerUnreachableException;
import io.maestro.model.MaestroException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that talks to the control plane: it resolves the connection
 * ({@code --profile}, {@code MAESTRO_SERVER} / {@code MAESTRO_TOKEN}, the default profile; see
 * {@link Connection}), hands an {@link ApiClient} to {@link #run}, and reports failures. With
 * {@code --output json} a failure (other than a usage error) also prints
 * {@code {error, message, status, diagnostics}} on stdout, so programs always get JSON.
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
        try {
            return run(Connection.resolve(options.profile(), context().env()).client());
        } catch (UsageException e) {
            throw e;
        } catch (MaestroException e) {
            if (json()) {
                printJson(errorJson(e));
            }
            throw e;
        }
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

    private static ObjectNode errorJson(RuntimeException e) {
        ObjectNode node = Json.object();
        if (e instanceof ApiFailure failure) {
            node.put("error", failure.code());
            node.put("message", failure.getMessage());
            node.put("status", failure.status());
            node.set("diagnostics", Json.diagnostics(failure.diagnostics()));
        } else if (e instanceof ServerUnreachableException) {
            node.put("error", "unreachable");
            node.put("message", e.getMessage());
            node.putNull("status");
            node.set("diagnostics", Json.array());
        } else {
            node.put("error", "failed");
            node.put("message", e.getMessage());
            node.putNull("status");
            node.set("diagnostics", Json.array());
        }
        return node;
    }

    /** The text of a JSON field, or {@code fallback} when it is missing or null. */
    protected static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
