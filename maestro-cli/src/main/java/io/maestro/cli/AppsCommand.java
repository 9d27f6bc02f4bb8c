package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.ApiFailure;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro apps list|show|create}: applications on the control plane. */
@Command(name = "apps", mixinStandardHelpOptions = true, description = "List, show and create applications on the control plane.",
        subcommands = {AppsCommand.List.class, AppsCommand.Show.class, AppsCommand.Create.class})
public final class AppsCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the applications.")
    static final class List extends OnlineCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("NAME", "LATEST VERSION", "CREATED");
            answer.path("applications").forEach(a -> table.row(a.path("name").asText(), a.path("latestVersion").asText(),
                    a.path("createdAt").asText()));
            if (table.isEmpty()) {
                out().println("no applications; create one with `maestro apps create NAME -f service.yml`");
            } else {
                table.print(out());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an application and its latest version.")
    static final class Show extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps/" + ApiClient.segment(app));
            if (json()) {
                return printJson(answer);
            }
            out().println("application: " + answer.path("name").asText());
            out().println("created:     " + answer.path("createdAt").asText());
            JsonNode latest = answer.path("latest");
            if (latest.isObject()) {
                out().println("latest:      version " + latest.path("version").asInt() + " by " + latest.path("author").asText()
                        + " at " + latest.path("createdAt").asText() + comment(latest));
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create an application from service.yml (and manifest.yml) as its version 1.",
                "The server validates the files first; problems print as `maestro validate` prints them, and nothing is stored."})
    static final class Create extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The application's name (a DNS label: lowercase letters, digits, '-').")
        String name;

        @Mixin
        DefinitionFileOptions files;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why: kept with the version.")
        String comment;

        @Override
        protected int run(ApiClient api) {
            DefinitionFiles located = files.locate(context());
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", name);
            body.putAll(Uploads.body(located, comment));
            JsonNode answer;
            try {
                answer = api.post("/apps", body);
            } catch (ApiFailure failure) {
                throw Uploads.renamed(failure, located);
            }
            if (json()) {
                return printJson(answer);
            }
            Uploads.printWarnings(answer, located, err());
            out().println("created application " + answer.at("/application/name").asText() + " (version "
                    + answer.at("/version/version").asInt() + ")");
            out().flush();
            return 0;
        }
    }

    static String comment(JsonNode version) {
        String text = version.path("comment").asText("");
        return text.isEmpty() ? "" : ": " + text;
    }
}
