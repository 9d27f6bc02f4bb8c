package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.ApiFailure;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro versions list|show|diff|upload}: the saved versions of an application's definition. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "List, show, diff and upload versions of an application's service.yml / manifest.yml.",
        subcommands = {VersionsCommand.List.class, VersionsCommand.Show.class, VersionsCommand.Diff.class,
            VersionsCommand.Upload.class})
public final class VersionsCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an application's versions, newest first.")
    static final class List extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/versions");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("VERSION", "AUTHOR", "CREATED", "COMMENT");
            answer.path("versions").forEach(v -> table.row(v.path("version").asText(), v.path("author").asText(),
                    v.path("createdAt").asText(), v.path("comment").asText()));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a version's files (or only one of them with --file, e.g. to save it).")
    static final class Show extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.")
        int version;

        @Option(names = "--file", paramLabel = "service.yml|manifest.yml", description = "Print only this file, as it was uploaded.")
        String file;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/versions/" + version);
            if (json()) {
                return printJson(answer);
            }
            JsonNode files = answer.path("files");
            if (file != null) {
                if (!files.has(file)) {
                    throw new UsageException("--file: version " + version + " of " + app + " has "
                            + String.join(", ", iterable(files)) + ", not '" + file + "'");
                }
                out().print(files.path(file).asText());
                out().flush();
                return 0;
            }
            out().println("version " + answer.path("version").asInt() + " of " + answer.path("application").asText() + " by "
                    + answer.path("author").asText() + " at " + answer.path("createdAt").asText() + AppsCommand.comment(answer));
            files.properties().forEach(f -> {
                out().println();
                out().println("==> " + f.getKey() + " <==");
                out().print(f.getValue().asText());
            });
            out().flush();
            return 0;
        }

        private static java.util.List<String> iterable(JsonNode files) {
            java.util.List<String> names = new java.util.ArrayList<>();
            files.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "A unified diff from one version to another.")
    static final class Diff extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "FROM", description = "The older version.")
        int from;

        @Parameters(index = "2", paramLabel = "TO", description = "The newer version.")
        int to;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/apps/" + ApiClient.segment(app) + "/versions/" + from + "/diff/" + to);
            if (json()) {
                return printJson(answer);
            }
            String diff = answer.path("diff").asText();
            if (diff.isEmpty()) {
                out().println("versions " + from + " and " + to + " of " + app + " are identical");
            } else {
                out().print(diff);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Upload service.yml (and manifest.yml) as a new version, with a comment.",
                "The server validates the files first; problems print as `maestro validate` prints them, and nothing is stored."})
    static final class Upload extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Mixin
        DefinitionFileOptions files;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why the definition changed.")
        String comment;

        @Override
        protected int run(ApiClient api) {
            DefinitionFiles located = files.locate(context());
            Map<String, Object> body = Uploads.body(located, comment);
            JsonNode answer;
            try {
                answer = api.post("/apps/" + ApiClient.segment(app) + "/versions", body);
            } catch (ApiFailure failure) {
                throw Uploads.renamed(failure, located);
            }
            if (json()) {
                return printJson(answer);
            }
            Uploads.printWarnings(answer, located, err());
            out().println("uploaded version " + answer.at("/version/version").asInt() + " of " + app);
            out().flush();
            return 0;
        }
    }
}
