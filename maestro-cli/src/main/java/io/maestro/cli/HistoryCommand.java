package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro history APP [--env E] [--limit N]}: an application's deployments, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "An application's deployments, newest first.")
public final class HistoryCommand extends OnlineCommand {

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Only this environment (default: all).")
    String environment;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N deployments (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(ApiClient api) {
        if (limit < 1) {
            throw new UsageException("--limit: expected a positive number, got " + limit);
        }
        JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/deployments"
                + ApiClient.query("environment", environment, "limit", limit));
        if (json()) {
            return printJson(answer);
        }
        Table table = new Table("ID", "ENV", "VERSION", "STATUS", "BY", "CREATED", "FINISHED", "DETAIL");
        answer.path("deployments").forEach(d -> table.row(d.path("id").asText(), d.path("environment").asText(),
                d.path("version").asText(), d.path("status").asText()
                        + (d.path("rollbackOf").isNull() || d.path("rollbackOf").isMissingNode() ? "" : " (rollback)"),
                d.path("requestedBy").asText(), text(d, "createdAt", ""), text(d, "finishedAt", ""), text(d, "detail", "")));
        if (table.isEmpty()) {
            out().println("no deployments of " + app + (environment == null ? "" : " in " + environment));
        } else {
            table.print(out());
        }
        out().flush();
        return 0;
    }
}
