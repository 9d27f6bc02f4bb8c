package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro webhooks secret APP}: sets (or rotates) the application's git push webhook
 * secret and prints it once, with the URL to give GitHub or GitLab.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Git push webhooks (GitHub, GitLab): set or rotate an application's webhook secret.",
        subcommands = {WebhooksCommand.Secret.class})
public final class WebhooksCommand extends GroupCommand {

    @Command(name = "secret", mixinStandardHelpOptions = true,
            description = "Generate a new webhook secret (the old one stops verifying) and print it once.")
    static final class Secret extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.put("/apps/" + ApiClient.segment(app) + "/webhook-secret", Map.of());
            if (json()) {
                return printJson(answer);
            }
            out().println(answer.path("secret").asText());
            out().flush();
            err().println("webhook URL: " + answer.path("url").asText()
                    + "  (GitHub: content type application/json, this secret; GitLab: this secret as the secret token;"
                    + " add ?environment=ENV for another environment than production). The secret is shown only this once.");
            err().flush();
            return 0;
        }
    }
}
