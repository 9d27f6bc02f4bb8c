package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro hooks create|list|revoke}: redeploy hooks, secret URLs that queue a deployment
 * when POSTed to (from CI, a chat bot, ...). A new hook's URL is printed once; listings show
 * prefixes only.
 */
@Command(name = "hooks", mixinStandardHelpOptions = true,
        description = "Create, list and revoke redeploy hooks (secret URLs that queue a deployment).",
        subcommands = {HooksCommand.Create.class, HooksCommand.List.class, HooksCommand.Revoke.class})
public final class HooksCommand extends GroupCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create a redeploy hook and print its URL once (the server keeps only its hash).")
    static final class Create extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Option(names = {"-e", "--environment"}, paramLabel = "ENV", description = "Where a call deploys (default: production).")
        String environment = "production";

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("environment", environment);
            JsonNode answer = api.post("/apps/" + ApiClient.segment(app) + "/hooks", body);
            if (json()) {
                return printJson(answer);
            }
            out().println(answer.path("url").asText());
            out().flush();
            err().println("created a redeploy hook for " + app + " (" + environment + ", prefix "
                    + answer.path("prefix").asText() + "); the URL is shown only this once."
                    + " POST to it, optionally with ?services=a,b&deployment_profile=P");
            err().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an application's redeploy hooks by prefix.")
    static final class List extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/hooks");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("PREFIX", "ENV", "CREATED BY", "CREATED", "LAST USED");
            answer.path("hooks").forEach(h -> table.row(h.path("prefix").asText(), h.path("environment").asText(),
                    h.path("createdBy").asText(), h.path("createdAt").asText(), text(h, "lastUsedAt", "never")));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a redeploy hook by its prefix.")
    static final class Revoke extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "PREFIX", description = "The hook's prefix, as `maestro hooks list APP` shows it.")
        String prefix;

        @Override
        protected int run(ApiClient api) {
            api.delete("/apps/" + ApiClient.segment(app) + "/hooks/" + ApiClient.segment(prefix));
            if (json()) {
                ObjectNode node = Json.object();
                node.put("application", app);
                node.put("prefix", prefix);
                node.put("revoked", true);
                return printJson(node);
            }
            out().println("revoked hook " + prefix + " of " + app);
            out().flush();
            return 0;
        }
    }
}
