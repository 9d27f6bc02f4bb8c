package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro rollback APP [--env E] [--to ID] [--no-wait]}: redeploys an earlier deployment's
 * exact definition and images (default: the last one that succeeded before the current one),
 * followed like {@code maestro deploy}.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Redeploy an earlier deployment's exact definition and images",
            "(default: the last succeeded one before the current one), followed like deploy."})
public final class RollbackCommand extends OnlineCommand {

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = DeployCommand.DEFAULT_ENVIRONMENT,
            description = "The environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(names = "--to", paramLabel = "DEPLOYMENT", description = "The deployment id to return to (see `maestro history`).")
    Long to;

    @Option(names = "--no-wait", description = "Print the new deployment's id and return without following it.")
    boolean noWait;

    @Override
    protected int run(ApiClient api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", environment);
        if (to != null) {
            body.put("to", to);
        }
        JsonNode deployment = api.post("/apps/" + ApiClient.segment(app) + "/rollback", body);
        return DeployCommand.followOrPrint(this, api, deployment, noWait, "rollback");
    }
}
