package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro clusters add|list|show|remove}: the Kubernetes clusters the control plane
 * deploys to. The kubeconfig is sent once, stored encrypted by the server, and never shown again.
 */
@Command(name = "clusters", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Register, list, inspect and remove the Kubernetes clusters Maestro deploys to.",
        subcommands = {ClustersCommand.Add.class, ClustersCommand.List.class, ClustersCommand.Show.class,
            ClustersCommand.Remove.class})
public final class ClustersCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.EXIT_USAGE;
    }

    private static String path(String name) {
        return "/clusters/" + ApiClient.segment(name);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a cluster: the server connects to it once (lists its nodes), then keeps the kubeconfig encrypted.")
    static final class Add extends OnlineCommand {

        @Parameters(paramLabel = "NAME", description = "The cluster's name (lowercase letters, digits and '-').")
        private String name;

        @Option(names = "--kubeconfig", required = true, paramLabel = "FILE",
                description = "The kubeconfig to connect with ('-' reads standard input).")
        private String kubeconfig;

        @Option(names = "--context", paramLabel = "C", description = "The kubeconfig context to use (default: its current-context).")
        private String kubeContext;

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("kubeconfig", readKubeconfig());
            if (kubeContext != null) {
                body.put("context", kubeContext);
            }
            JsonNode added = api.post("/clusters", body);
            if (json()) {
                return printJson(added);
            }
            out().println("added cluster " + text(added, "name", name) + " (context " + text(added, "context", "?")
                    + ", server " + text(added, "server", "?") + ")");
            out().flush();
            return 0;
        }

        private String readKubeconfig() {
            try {
                if (kubeconfig.equals("-")) {
                    return new String(context().stdin().readAllBytes(), StandardCharsets.UTF_8);
                }
                Path file = context().resolve(kubeconfig);
                if (!Files.isRegularFile(file)) {
                    throw new UsageException("--kubeconfig: expected a kubeconfig file, got " + file + ", which does not exist");
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--kubeconfig: cannot read " + kubeconfig + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered clusters.")
    static final class List extends OnlineCommand {

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/clusters");
            if (json()) {
                return printJson(answer);
            }
            if (answer.path("clusters").isEmpty()) {
                out().println("no clusters; add one with `maestro clusters add NAME --kubeconfig FILE`");
                out().flush();
                return 0;
            }
            Table table = new Table("NAME", "CONTEXT", "SERVER", "ADDED", "BY");
            answer.path("clusters").forEach(c -> table.row(text(c, "name", null), text(c, "context", null),
                    text(c, "server", null), text(c, "addedAt", null), text(c, "addedBy", null)));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a cluster's nodes (roles, capacity, conditions), its masters and how available its control plane is.")
    static final class Show extends OnlineCommand {

        @Parameters(paramLabel = "NAME", description = "The cluster.")
        private String name;

        @Override
        protected int run(ApiClient api) {
            JsonNode cluster = api.get(path(name));
            boolean reachable = cluster.path("reachable").asBoolean(false);
            if (json()) {
                printJson(cluster);
                return reachable ? 0 : ErrorReporter.EXIT_FAILURE;
            }
            new Table("cluster", text(cluster, "name", name))
                    .row("context", text(cluster, "context", null))
                    .row("server", text(cluster, "server", null))
                    .row("added", text(cluster, "addedAt", "?") + " by " + text(cluster, "addedBy", "?"))
                    .print(out());
            if (!reachable) {
                err().println(ErrorReporter.PREFIX + text(cluster, "problem", "the cluster cannot be reached"));
                err().flush();
                return ErrorReporter.EXIT_FAILURE;
            }
            out().println();
            Table nodes = new Table("NODE", "ROLES", "READY", "SCHEDULABLE", "CPU", "MEMORY", "PODS",
                    "ALLOCATABLE CPU", "ALLOCATABLE MEMORY", "TAINTS");
            java.util.List<String> conditions = new ArrayList<>();
            for (JsonNode node : cluster.path("nodes")) {
                nodes.row(text(node, "name", null), join(node.path("roles")), node.path("ready").asBoolean() ? "yes" : "no",
                        node.path("schedulable").asBoolean() ? "yes" : "no",
                        text(node.path("capacity"), "cpu", null), text(node.path("capacity"), "memory", null),
                        text(node.path("capacity"), "pods", null),
                        text(node.path("allocatable"), "cpu", null), text(node.path("allocatable"), "memory", null),
                        join(node.path("taints")));
                for (JsonNode c : node.path("conditions")) {
                    if (abnormal(c)) {
                        conditions.add(text(node, "name", "?") + ": " + text(c, "type", "?") + "=" + text(c, "status", "?")
                                + (c.hasNonNull("reason") ? " (" + c.get("reason").asText() + ")" : ""));
                    }
                }
            }
            if (nodes.isEmpty()) {
                out().println("no nodes");
            } else {
                nodes.print(out());
            }
            if (!conditions.isEmpty()) {
                out().println();
                out().println("conditions needing attention:");
                conditions.forEach(c -> out().println("  " + c));
            }
            JsonNode masters = cluster.path("masters");
            JsonNode ha = cluster.path("ha");
            int tolerates = ha.path("tolerates").asInt();
            out().println();
            out().println("masters: " + masters.path("count").asInt() + ", "
                    + (masters.path("dedicated").asBoolean() ? "dedicated" : "shared"));
            out().println("high availability: " + (ha.path("highlyAvailable").asBoolean() ? "yes" : "no")
                    + ", tolerates " + tolerates + " master failure" + (tolerates == 1 ? "" : "s"));
            ha.path("findings").forEach(f -> out().println("  - " + f.asText()));
            out().flush();
            return 0;
        }

        /** Ready should be True; the pressure and unavailability conditions should be False. */
        private static boolean abnormal(JsonNode condition) {
            String type = condition.path("type").asText();
            String status = condition.path("status").asText();
            return type.equals("Ready") ? !status.equals("True") : status.equals("True");
        }

        private static String join(JsonNode array) {
            java.util.List<String> values = new ArrayList<>();
            array.forEach(v -> values.add(v.asText()));
            return String.join(",", values);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a cluster and its stored kubeconfig (refused while an environment deploys to it).")
    static final class Remove extends OnlineCommand {

        @Parameters(paramLabel = "NAME", description = "The cluster.")
        private String name;

        @Override
        protected int run(ApiClient api) {
            api.delete(path(name));
            if (json()) {
                return printJson(Json.object().put("removed", name));
            }
            out().println("removed cluster " + name);
            out().flush();
            return 0;
        }
    }
}
