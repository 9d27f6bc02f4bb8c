package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro builds run|list|show|logs|cancel|retag|minutes|plan}: BuildGrid builds of
 * services from git, retags, and the Build Minutes they use.
 */
@Command(name = "builds", mixinStandardHelpOptions = true,
        description = "Build service images from git (BuildGrid), follow their logs, retag images, see Build Minutes.",
        subcommands = {BuildsCommand.Run.class, BuildsCommand.List.class, BuildsCommand.Show.class, BuildsCommand.Logs.class,
                BuildsCommand.Cancel.class, BuildsCommand.Retag.class, BuildsCommand.Minutes.class, BuildsCommand.SetPlan.class})
public final class BuildsCommand extends GroupCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Build a service of the application's latest version from its git_url, push it, and follow the log.")
    static final class Run extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "SERVICE", description = "The service (it must have git_url).")
        String service;

        @Option(names = "--ref", paramLabel = "REF", description = "Branch or tag to build (default: the service's git_branch).")
        String ref;

        @Option(names = "--environment", paramLabel = "ENV", description = "Whose env vars go into the Dockerfile (default production).")
        String environment;

        @Option(names = "--no-follow", description = "Return once the build is queued.")
        boolean noFollow;

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", service);
            if (ref != null) {
                body.put("ref", ref);
            }
            if (environment != null) {
                body.put("environment", environment);
            }
            JsonNode queued = api.post("/apps/" + ApiClient.segment(app) + "/builds", body);
            long id = queued.path("id").asLong();
            if (noFollow) {
                if (json()) {
                    return printJson(queued);
                }
                out().println("build " + id + " queued: " + app + "/" + service + " at " + queued.path("ref").asText());
                out().flush();
                return 0;
            }
            if (!json()) {
                out().println("build " + id + " queued: " + app + "/" + service + " at " + queued.path("ref").asText());
            }
            return report(this, follow(api, id, json() ? null : out()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the latest builds, newest first.")
    static final class List extends OnlineCommand {
        @Parameters(paramLabel = "APP", arity = "0..1", description = "Only this application's builds.")
        String app;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (1-500, default 20).")
        int limit;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/builds" + ApiClient.query("app", app, "limit", limit));
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("ID", "APP", "SERVICE", "KIND", "STATUS", "REF", "COMMIT", "METERED", "CREATED", "SERVER");
            answer.path("builds").forEach(b -> table.row(b.path("id").asLong(), b.path("application").asText(),
                    b.path("service").asText(), b.path("kind").asText(), b.path("status").asText(), b.path("ref").asText(),
                    shortCommit(b), b.path("meteredSeconds").asLong() + " s", b.path("createdAt").asText(), serverOf(b)));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a build and its log.")
    static final class Show extends OnlineCommand {
        @Parameters(paramLabel = "ID", description = "The build id.")
        long id;

        @Override
        protected int run(ApiClient api) {
            JsonNode b = api.get("/builds/" + id);
            if (json()) {
                return printJson(b);
            }
            Table table = new Table("FIELD", "VALUE");
            for (String field : new String[] {"id", "application", "service", "kind", "status", "ref", "commit", "image", "digest",
                    "createdAt", "startedAt", "finishedAt", "meteredSeconds", "detail"}) {
                JsonNode value = b.path(field);
                table.row(field, value.isNull() || value.isMissingNode() ? "-" : value.asText());
            }
            table.row("server", serverOf(b));
            table.print(out());
            out().println();
            b.path("log").forEach(line -> out().println(line.path("line").asText()));
            out().flush();
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a build's log; --follow streams it until the build ends.")
    static final class Logs extends OnlineCommand {
        @Parameters(paramLabel = "ID", description = "The build id.")
        long id;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the build finishes.")
        boolean follow;

        @Override
        protected int run(ApiClient api) {
            if (follow) {
                return report(this, follow(api, id, out()));
            }
            JsonNode b = api.get("/builds/" + id);
            b.path("log").forEach(line -> out().println(line.path("line").asText()));
            out().flush();
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running build.")
    static final class Cancel extends OnlineCommand {
        @Parameters(paramLabel = "ID", description = "The build id.")
        long id;

        @Override
        protected int run(ApiClient api) {
            JsonNode b = api.post("/builds/" + id + "/cancel", Map.of());
            if (json()) {
                return printJson(b);
            }
            out().println("build " + id + " " + b.path("status").asText());
            out().flush();
            return 0;
        }
    }

    @Command(name = "retag", mixinStandardHelpOptions = true,
            description = "Give an existing image of a service a new tag and push it (metered like a build).")
    static final class Retag extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "SERVICE", description = "The service.")
        String service;

        @Option(names = "--from", required = true, paramLabel = "IMAGE",
                description = "REGISTRY/APP/SERVICE:TAG, or only a tag or commit of the service's image.")
        String from;

        @Option(names = "--tag", required = true, paramLabel = "TAG", description = "The new tag.")
        String tag;

        @Override
        protected int run(ApiClient api) {
            JsonNode queued = api.post("/apps/" + ApiClient.segment(app) + "/retags", Map.of("service", service, "from", from, "tag", tag));
            return report(this, follow(api, queued.path("id").asLong(), json() ? null : out()));
        }
    }

    @Command(name = "minutes", mixinStandardHelpOptions = true,
            description = "Build Minutes of this month: used, remaining allowance, overage and projected overage.")
    static final class Minutes extends OnlineCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode m = api.get("/build-minutes");
            if (json()) {
                return printJson(m);
            }
            JsonNode plan = m.path("plan");
            Table table = new Table("FIELD", "VALUE");
            table.row("plan", plan.path("name").asText() + " (" + plan.path("includedMinutes").asLong() + " min included, "
                    + (plan.path("hardStop").asBoolean() ? "hard stop" : "$" + plan.path("overagePerMinute").asText() + "/min over")
                    + ")");
            table.row("period", m.path("period").asText());
            table.row("builds", m.path("builds").asLong());
            table.row("used", m.path("billedMinutes").asLong() + " min (" + m.path("usedSeconds").asLong() + " s)");
            table.row("remaining", m.path("remainingMinutes").asLong() + " of " + m.path("allowanceMinutes").asLong() + " min");
            table.row("overage", m.path("overageMinutes").asLong() + " min, $" + m.path("overageCost").asText());
            table.row("projected overage", m.path("projectedOverageMinutes").asLong() + " min, $"
                    + m.path("projectedOverageCost").asText() + " by the end of the month at this pace");
            if (m.path("exhausted").asBoolean()) {
                table.row("status", "allowance used up: new builds are refused until next month");
            }
            table.print(out());
            return 0;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Set the Build Minutes plan (admin).")
    static final class SetPlan extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The plan's name, such as free or growth.")
        String name;

        @Option(names = "--included", required = true, paramLabel = "MINUTES", description = "Minutes included each month.")
        long included;

        @Option(names = "--overage", paramLabel = "DOLLARS", defaultValue = "0", description = "Price of an overage minute, e.g. 0.03.")
        String overage;

        @Option(names = "--rounding", paramLabel = "R", defaultValue = "up_to_dollar", description = "up_to_dollar or up_to_cent.")
        String rounding;

        @Option(names = "--hard-stop", description = "Refuse new builds once the included minutes are used.")
        boolean hardStop;

        @Override
        protected int run(ApiClient api) {
            JsonNode m = api.put("/build-minutes/plan", Map.of("name", name, "includedMinutes", included,
                    "overagePerMinute", overage, "rounding", rounding, "hardStop", hardStop));
            if (json()) {
                return printJson(m);
            }
            out().println("plan " + name + ": " + included + " min included"
                    + (hardStop ? ", hard stop" : ", $" + overage + "/min over") + "; used " + m.path("billedMinutes").asLong()
                    + " min this month");
            out().flush();
            return 0;
        }
    }

    /**
     * Follows the build's event stream to its {@code done} event, printing log lines to
     * {@code out} (null: silent); returns the final build (asked for again when the stream broke).
     */
    static JsonNode follow(ApiClient api, long id, java.io.PrintWriter out) {
        JsonNode[] done = {null};
        api.events("/builds/" + id + "/events", event -> {
            if (event.event().equals("log") && out != null) {
                out.println(field(event.data(), "line"));
                out.flush();
            } else if (event.event().equals("done")) {
                done[0] = parse(event.data());
                return false;
            }
            return true;
        });
        return done[0] != null ? done[0] : api.get("/builds/" + id);
    }

    /** Prints the finished build (JSON, or a summary line); exit 0 only when it succeeded. */
    private static int report(OnlineCommand command, JsonNode build) {
        boolean succeeded = build.path("status").asText().equals("succeeded");
        if (command.json()) {
            command.printJson(build);
        } else if (succeeded) {
            command.out().println("build " + build.path("id").asLong() + " succeeded: " + build.path("image").asText()
                    + " (" + build.path("meteredSeconds").asLong() + " s metered"
                    + (build.path("server").isTextual() ? ", on build server " + build.path("server").asText() : "") + ")");
        } else {
            command.err().println("build " + build.path("id").asLong() + " " + build.path("status").asText() + ": "
                    + build.path("detail").asText(""));
        }
        command.out().flush();
        command.err().flush();
        return succeeded ? 0 : 1;
    }

    /** The build server that ran the build, or "this host" (the control plane's). */
    private static String serverOf(JsonNode build) {
        JsonNode server = build.path("server");
        return server.isNull() || server.isMissingNode() ? "this host" : server.asText();
    }

    private static String shortCommit(JsonNode build) {
        String commit = build.path("commit").asText("");
        return commit.isEmpty() || commit.equals("null") ? "-" : commit.substring(0, Math.min(12, commit.length()));
    }

    private static String field(String json, String name) {
        JsonNode node = parse(json);
        return node.path(name).isTextual() ? node.path(name).asText() : json;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
