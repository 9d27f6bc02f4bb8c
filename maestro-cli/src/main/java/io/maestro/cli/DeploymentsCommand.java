package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code maestro deployments show ID}: one deployment with its steps and log. */
@Command(name = "deployments", mixinStandardHelpOptions = true, description = "Show a deployment with its steps and log.",
        subcommands = {DeploymentsCommand.Show.class})
public final class DeploymentsCommand extends GroupCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A deployment: status, steps and log.")
    static final class Show extends OnlineCommand {
        @Parameters(paramLabel = "ID", description = "The deployment id (see `maestro history APP`).")
        long id;

        @Override
        protected int run(ApiClient api) {
            JsonNode d = api.get("/deployments/" + id);
            if (json()) {
                return printJson(d);
            }
            out().println("deployment " + d.path("id").asText() + " of " + d.path("application").asText() + "/"
                    + d.path("environment").asText() + ", version " + d.path("version").asText());
            out().println("status:    " + d.path("status").asText() + (text(d, "detail", "").isEmpty() ? "" : ": " + d.path("detail").asText()));
            out().println("requested: " + text(d, "createdAt", "-") + " by " + text(d, "requestedBy", "-"));
            out().println("started:   " + text(d, "startedAt", "-"));
            out().println("finished:  " + text(d, "finishedAt", "-"));
            out().println("cluster:   " + text(d, "cluster", "-"));
            if (!d.path("rollbackOf").isNull() && !d.path("rollbackOf").isMissingNode()) {
                out().println("rollback of deployment " + d.path("rollbackOf").asText());
            }
            if (!d.path("steps").isEmpty()) {
                out().println();
                Table steps = new Table("STEP", "NAME", "STATUS", "STARTED", "FINISHED", "DETAIL");
                d.path("steps").forEach(s -> steps.row(s.path("seq").asText(), s.path("name").asText(), s.path("status").asText(),
                        text(s, "startedAt", ""), text(s, "finishedAt", ""), text(s, "detail", "")));
                steps.print(out());
            }
            if (!d.path("log").isEmpty()) {
                out().println();
                d.path("log").forEach(l -> out().println(text(l, "time", "") + "  " + l.path("line").asText()));
            }
            out().flush();
            return 0;
        }
    }
}
