package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro env-vars list|set|unset|history}: env vars of an application or one of its
 * services, for every environment or one; {@code share|unshare|shares}: which applications may
 * reference another one's variables ({@code _env(STACK[APP].NAME)}) when a deployer deploys them. Secret values are never printed (an admin can list them
 * with {@code --reveal}, which the server audits).
 */
@Command(name = "env-vars", mixinStandardHelpOptions = true,
        description = "List, set, unset env vars of an application (or one service, or one environment) and show their history.",
        subcommands = {EnvVarsCommand.List.class, EnvVarsCommand.Set.class, EnvVarsCommand.Unset.class,
            EnvVarsCommand.History.class, EnvVarsCommand.Share.class, EnvVarsCommand.Unshare.class,
            EnvVarsCommand.Shares.class})
public final class EnvVarsCommand extends GroupCommand {

    /** {@code --service} and {@code --env}, shared by the subcommands. */
    static final class Scope {
        @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "A service of the application (default: application level).")
        String service;

        @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "One environment (default: every environment).")
        String environment;

        String query() {
            return ApiClient.query("service", service, "environment", environment);
        }

        String describe() {
            return (service == null ? "application level" : "service " + service) + ", "
                    + (environment == null ? "every environment" : "environment " + environment);
        }
    }

    static String path(String app, String name) {
        return "/apps/" + ApiClient.segment(app) + "/env-vars" + (name == null ? "" : "/" + ApiClient.segment(name));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the env vars set (filtered by --service / --env); secret values show as (secret).")
    static final class List extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @picocli.CommandLine.Mixin
        Scope scope;

        @Option(names = "--reveal", description = "Also print secret values (admin only; the server audits it).")
        boolean reveal;

        @Override
        protected int run(ApiClient api) {
            String query = ApiClient.query("service", scope.service, "environment", scope.environment,
                    "reveal", reveal ? "true" : null);
            JsonNode answer = api.get(path(app, null) + query);
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("NAME", "SERVICE", "ENV", "VALUE", "UPDATED", "BY");
            answer.path("envVars").forEach(v -> table.row(v.path("name").asText(), text(v, "service", "(all)"),
                    text(v, "environment", "(all)"),
                    v.path("secret").asBoolean() && v.path("value").isNull() ? "(secret)" : v.path("value").asText(),
                    v.path("updatedAt").asText(), v.path("updatedBy").asText()));
            if (table.isEmpty()) {
                out().println("no env vars set on " + app);
            } else {
                table.print(out());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Set an env var. VALUE '-' reads the value from standard input (one trailing newline removed),",
                "which keeps secrets out of the shell history. A secret stays a secret when set again."})
    static final class Set extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "NAME", description = "The variable, e.g. LOG_LEVEL.")
        String name;

        @Parameters(index = "2", paramLabel = "VALUE", description = "The value, or '-' to read it from standard input.")
        String value;

        @picocli.CommandLine.Mixin
        Scope scope;

        @Option(names = "--secret", description = "Keep the value encrypted and never show it.")
        boolean secret;

        @Override
        protected int run(ApiClient api) {
            String actual = value.equals("-") ? stdin() : value;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("value", actual);
            body.put("service", scope.service);
            body.put("environment", scope.environment);
            if (secret) {
                body.put("secret", true);
            }
            JsonNode answer = api.put(path(app, name), body);
            if (json()) {
                return printJson(answer);
            }
            out().println("set " + name + " on " + app + " (" + scope.describe() + ")"
                    + (answer.path("secret").asBoolean() ? " as a secret" : ""));
            out().flush();
            return 0;
        }

        private String stdin() {
            try {
                String text = new String(context().stdin().readAllBytes(), StandardCharsets.UTF_8);
                if (text.endsWith("\r\n")) {
                    return text.substring(0, text.length() - 2);
                }
                return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            } catch (IOException e) {
                throw new UsageException("VALUE -: cannot read standard input: " + e.getMessage());
            }
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, sortOptions = false, description = "Unset an env var.")
    static final class Unset extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "NAME", description = "The variable.")
        String name;

        @picocli.CommandLine.Mixin
        Scope scope;

        @Override
        protected int run(ApiClient api) {
            api.delete(path(app, name) + scope.query());
            if (json()) {
                ObjectNode node = Json.object();
                node.put("application", app);
                node.put("name", name);
                node.put("service", scope.service);
                node.put("environment", scope.environment);
                node.put("unset", true);
                return printJson(node);
            }
            out().println("unset " + name + " on " + app + " (" + scope.describe() + ")");
            out().flush();
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Every change of an env var, newest first (secret values never shown).")
    static final class History extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "NAME", description = "The variable.")
        String name;

        @picocli.CommandLine.Mixin
        Scope scope;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get(path(app, name) + "/history" + scope.query());
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("AT", "ACTION", "VALUE", "BY");
            answer.path("changes").forEach(c -> table.row(c.path("at").asText(), c.path("action").asText(),
                    c.path("action").asText().equals("unset") ? "" : c.path("secret").asBoolean() ? "(secret)" : c.path("value").asText(),
                    c.path("by").asText()));
            if (table.isEmpty()) {
                out().println(name + " was never set on " + app + " (" + scope.describe() + ")");
            } else {
                table.print(out());
            }
            out().flush();
            return 0;
        }
    }

    static String sharePath(String app, String target) {
        return "/apps/" + ApiClient.segment(app) + "/env-var-shares" + (target == null ? "" : "/" + ApiClient.segment(target));
    }

    @Command(name = "share", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Share APP's variables with another application (admin): deployments of that application may then",
                "resolve _env(STACK[APP].NAME) whoever requested them. Without a share, only an admin's deployments may."})
    static final class Share extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application whose variables are referenced.")
        String app;

        @Option(names = "--with", required = true, paramLabel = "TARGET", description = "The application that references them.")
        String target;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.put(sharePath(app, target), Map.of());
            if (json()) {
                return printJson(answer);
            }
            out().println((answer.path("created").asBoolean() ? "shared " : "already shared: ") + "the variables of " + app
                    + " with " + target);
            out().flush();
            return 0;
        }
    }

    @Command(name = "unshare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Stop sharing APP's variables with another application (admin).")
    static final class Unshare extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application whose variables were shared.")
        String app;

        @Option(names = "--with", required = true, paramLabel = "TARGET", description = "The application they were shared with.")
        String target;

        @Override
        protected int run(ApiClient api) {
            api.delete(sharePath(app, target));
            if (json()) {
                ObjectNode node = Json.object();
                node.put("source", app);
                node.put("target", target);
                node.put("unshared", true);
                return printJson(node);
            }
            out().println("the variables of " + app + " are no longer shared with " + target);
            out().flush();
            return 0;
        }
    }

    @Command(name = "shares", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the shares where APP is the source or the target.")
    static final class Shares extends OnlineCommand {
        @Parameters(paramLabel = "APP", description = "The application.")
        String app;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get(sharePath(app, null));
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("SOURCE", "TARGET", "SHARED", "BY");
            answer.path("shares").forEach(s -> table.row(s.path("source").asText(), s.path("target").asText(),
                    s.path("createdAt").asText(), s.path("createdBy").asText()));
            if (table.isEmpty()) {
                out().println("no shares involve " + app);
            } else {
                table.print(out());
            }
            out().flush();
            return 0;
        }
    }
}
