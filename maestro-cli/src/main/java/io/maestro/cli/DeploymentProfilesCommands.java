package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The deployment-profile subcommands of {@code maestro profiles}: {@code create APP NAME
 * [--services a,b] [--no-build] [--strategy parallel|fast]}, {@code delete APP NAME}; and the
 * listing behind {@code maestro profiles list APP}.
 */
final class DeploymentProfilesCommands {

    private DeploymentProfilesCommands() {}

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Save a deployment profile of an application: which services deploy, whether",
                "git-based services build, and the strategy (parallel: every service; fast: only services",
                "whose image changed, plus deploy_command). Use it with maestro deploy --deployment-profile NAME."})
    static final class Create extends OnlineCommand {

        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Option(names = "--services", split = ",", paramLabel = "SVC", description = "Only these services (default: all).")
        List<String> services = List.of();

        @Option(names = "--no-build", description = "Do not build git-based services: publish their last built image.")
        boolean noBuild;

        @Option(names = "--strategy", paramLabel = "parallel|fast", defaultValue = "parallel",
                description = "parallel (default) or fast.")
        String strategy;

        @Override
        protected int run(ApiClient api) {
            if (!strategy.equals("parallel") && !strategy.equals("fast")) {
                throw new UsageException("--strategy: expected parallel or fast, got '" + strategy + "'");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("services", services);
            body.put("build", !noBuild);
            body.put("strategy", strategy);
            JsonNode saved = api.post("/apps/" + ApiClient.segment(app) + "/deployment-profiles", body);
            if (json()) {
                return printJson(saved);
            }
            out().println("saved deployment profile " + name + " of " + app + ": " + describe(saved));
            out().flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a deployment profile of an application.")
    static final class Delete extends OnlineCommand {

        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        protected int run(ApiClient api) {
            api.delete("/apps/" + ApiClient.segment(app) + "/deployment-profiles/" + ApiClient.segment(name));
            if (json()) {
                return printJson(Json.object().put("application", app).put("name", name).put("deleted", true));
            }
            out().println("deleted deployment profile " + name + " of " + app);
            out().flush();
            return 0;
        }
    }

    /** {@code maestro profiles list APP}: the application's deployment profiles. */
    static int list(ApiClient api, String app, java.io.PrintWriter out, boolean json) {
        JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/deployment-profiles");
        if (json) {
            out.print(Json.write(answer));
        } else if (answer.path("profiles").isEmpty()) {
            out.println(app + " has no deployment profiles; save one with `maestro profiles create " + app + " NAME`");
        } else {
            Table table = new Table("PROFILE", "SERVICES", "BUILD", "STRATEGY");
            answer.path("profiles").forEach(p -> table.row(p.path("name").asText(),
                    p.path("services").isEmpty() ? "(all)" : join(p.path("services")),
                    p.path("build").asBoolean() ? "yes" : "no", p.path("strategy").asText()));
            table.print(out);
        }
        out.flush();
        return 0;
    }

    static String describe(JsonNode profile) {
        return "services " + (profile.path("services").isEmpty() ? "(all)" : join(profile.path("services")))
                + ", build " + (profile.path("build").asBoolean() ? "yes" : "no") + ", strategy " + profile.path("strategy").asText();
    }

    private static String join(JsonNode list) {
        StringBuilder text = new StringBuilder();
        list.forEach(s -> text.append(text.isEmpty() ? "" : ",").append(s.asText()));
        return text.toString();
    }
}
