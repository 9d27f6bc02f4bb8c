package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro unlock APP --env E}: force-releases the deployment lock of an application's environment (admin, audited). */
@Command(name = "unlock", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Force-release the deployment lock of an application's environment (admin; audited).",
            "Only for a lock a crashed deployment left behind: the lease also expires by itself."})
public final class UnlockCommand extends OnlineCommand {

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment.")
    String environment;

    @Override
    protected int run(ApiClient api) {
        JsonNode answer = api.post("/apps/" + ApiClient.segment(app) + "/environments/" + ApiClient.segment(environment)
                + "/unlock", java.util.Map.of());
        if (json()) {
            if (answer.isObject()) {
                return printJson(answer);
            }
            ObjectNode node = Json.object();
            node.put("application", app);
            node.put("environment", environment);
            node.put("unlocked", true);
            return printJson(node);
        }
        out().println(answer.path("released").asBoolean(true)
                ? "released the deployment lock of " + app + "/" + environment
                        + (answer.path("holder").isTextual() ? " (held by " + answer.path("holder").asText() + ")" : "")
                : "no deployment lock was held on " + app + "/" + environment);
        out().flush();
        return 0;
    }
}
