package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro services scale APP SERVICE N|+N|-N [--env E]}: scales a service within its min/max bounds. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "Scale an application's services.",
        subcommands = {ServicesCommand.Scale.class})
public final class ServicesCommand extends GroupCommand {

    @Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Set a service's replica count (N), or change it (+N, -N), within its min/max bounds,",
                "without a full redeploy. The count is kept as the service's desired count."})
    static final class Scale extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "SERVICE", description = "The service.")
        String service;

        @Parameters(index = "2", paramLabel = "N|+N|-N", description = "The new count, or a change of it.")
        String replicas;

        @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = DeployCommand.DEFAULT_ENVIRONMENT,
                description = "The environment (default: ${DEFAULT-VALUE}).")
        String environment;

        @Override
        protected int run(ApiClient api) {
            if (!replicas.matches("[+-]?[0-9]{1,6}")) {
                throw new UsageException("N|+N|-N: expected a replica count such as 3, +2 or -1, got '" + replicas + "'");
            }
            JsonNode answer = api.post("/apps/" + ApiClient.segment(app) + "/services/" + ApiClient.segment(service) + "/scale",
                    Map.of("environment", environment, "replicas", replicas));
            if (json()) {
                return printJson(answer);
            }
            out().println(answer.path("service").asText(service) + " in " + answer.path("environment").asText(environment)
                    + ": " + answer.path("from").asText() + " -> " + answer.path("to").asText() + " replicas (bounds "
                    + text(answer, "min", "?") + ".." + text(answer, "max", "no max") + ")");
            out().flush();
            return 0;
        }
    }
}
