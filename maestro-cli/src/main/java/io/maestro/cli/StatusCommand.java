package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro status APP [--env E]}: services with replica counts, images, endpoints, the last deployment and drift. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "An application's services in an environment: replicas, images, endpoints; its last deployment; drift.")
public final class StatusCommand extends OnlineCommand {

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = DeployCommand.DEFAULT_ENVIRONMENT,
            description = "The environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Override
    protected int run(ApiClient api) {
        JsonNode s = api.get("/apps/" + ApiClient.segment(app) + "/status" + ApiClient.query("environment", environment));
        if (json()) {
            return printJson(s);
        }
        out().println(text(s, "application", app) + " in " + text(s, "environment", environment) + " on cluster "
                + text(s, "cluster", "(none)"));
        if (s.path("clusterError").isTextual()) {
            out().println("cluster unreachable: " + s.path("clusterError").asText());
        }
        Table services = new Table("SERVICE", "DESIRED", "READY", "UPDATED", "AVAILABLE", "IMAGES", "ENDPOINTS");
        s.path("services").forEach(v -> services.row(v.path("name").asText(), v.path("desired").asText(), v.path("ready").asText(),
                v.path("updated").asText(), v.path("available").asText(), join(v.path("images")), join(v.path("endpoints"))));
        if (!services.isEmpty()) {
            out().println();
            services.print(out());
        }
        JsonNode last = s.path("lastDeployment");
        out().println();
        if (last.isObject()) {
            out().println("last deployment: " + last.path("id").asText() + " (version " + last.path("version").asText() + ") "
                    + last.path("status").asText() + " at " + text(last, "finishedAt", text(last, "createdAt", "-"))
                    + " by " + text(last, "requestedBy", "-"));
        } else {
            out().println("last deployment: none");
        }
        JsonNode drift = s.path("drift");
        if (drift.isObject()) {
            JsonNode objects = drift.path("objects");
            if (objects.isEmpty()) {
                out().println("drift: none (checked " + text(drift, "checkedAt", "-") + ")");
            } else {
                out().println("drift: " + objects.size() + " object(s) changed outside Maestro (checked " + text(drift, "checkedAt", "-") + ")");
                objects.forEach(o -> out().println("  " + o.path("kind").asText() + "/" + o.path("name").asText() + ": "
                        + o.path("change").asText()));
            }
        } else {
            out().println("drift: not checked yet");
        }
        out().flush();
        return 0;
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }
}
