package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro environments show|set APP ENV}: an environment's deploy settings: its target
 * (a cluster or this host), the cluster, the default server for its data stores, automatic
 * rollback, drift re-apply, forced conflicts and the rollout deadline.
 */
@Command(name = "environments", mixinStandardHelpOptions = true,
        description = "Show and change an environment's deploy settings (target, cluster, server, rollback, drift).",
        subcommands = {EnvironmentsCommand.Show.class, EnvironmentsCommand.Set.class})
public final class EnvironmentsCommand extends GroupCommand {

    static String path(String app, String environment) {
        return "/apps/" + ApiClient.segment(app) + "/environments/" + ApiClient.segment(environment);
    }

    static void print(JsonNode settings, PrintWriter out) {
        out.println("environment:      " + settings.path("application").asText() + "/" + settings.path("environment").asText());
        out.println("target:           " + settings.path("target").asText());
        out.println("cluster:          " + text(settings, "cluster"));
        out.println("server:           " + text(settings, "server"));
        out.println("auto rollback:    " + settings.path("autoRollback").asBoolean());
        out.println("reapply drift:    " + settings.path("reapplyDrift").asBoolean());
        out.println("force conflicts:  " + settings.path("forceConflicts").asBoolean());
        out.println("rollout timeout:  " + settings.path("rolloutTimeoutSeconds").asInt() + " s");
        out.flush();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : "(not set)";
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an environment's deploy settings.")
    static final class Show extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "The environment.")
        String environment;

        @Override
        protected int run(ApiClient api) {
            JsonNode settings = api.get(path(app, environment));
            if (json()) {
                return printJson(settings);
            }
            print(settings, out());
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Change an environment's deploy settings; options left out keep their value.",
                "Example: maestro environments set shop production --cluster prod --server db-1 --auto-rollback=true"})
    static final class Set extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The application.")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "The environment.")
        String environment;

        @Option(names = "--target", paramLabel = "cluster|local",
                description = "Where the containers run: a Kubernetes cluster, or podman on the control plane's host.")
        String target;

        @Option(names = "--cluster", paramLabel = "NAME", description = "The registered cluster to deploy to.")
        String cluster;

        @Option(names = "--no-cluster", description = "Clear the cluster (the only registered cluster is then used).")
        boolean noCluster;

        @Option(names = "--server", paramLabel = "NAME",
                description = "The registered server for data stores the manifest places nowhere in particular.")
        String server;

        @Option(names = "--no-server", description = "Clear the default server.")
        boolean noServer;

        @Option(names = "--auto-rollback", arity = "1", paramLabel = "true|false",
                description = "Roll back to the last good deployment when a rollout fails.")
        Boolean autoRollback;

        @Option(names = "--reapply-drift", arity = "1", paramLabel = "true|false",
                description = "Re-apply objects changed out of band when the drift check finds them.")
        Boolean reapplyDrift;

        @Option(names = "--force-conflicts", arity = "1", paramLabel = "true|false",
                description = "Take over fields another field manager owns (server-side apply force).")
        Boolean forceConflicts;

        @Option(names = "--rollout-timeout", paramLabel = "SECONDS", description = "The rollout deadline per deployment.")
        Integer rolloutTimeout;

        @Override
        protected int run(ApiClient api) {
            if (cluster != null && noCluster || server != null && noServer) {
                throw new UsageException("give either --cluster or --no-cluster (and either --server or --no-server), not both");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (target != null) {
                body.put("target", target);
            }
            if (cluster != null || noCluster) {
                body.put("cluster", noCluster ? null : cluster);
            }
            if (server != null || noServer) {
                body.put("server", noServer ? null : server);
            }
            if (autoRollback != null) {
                body.put("autoRollback", autoRollback);
            }
            if (reapplyDrift != null) {
                body.put("reapplyDrift", reapplyDrift);
            }
            if (forceConflicts != null) {
                body.put("forceConflicts", forceConflicts);
            }
            if (rolloutTimeout != null) {
                body.put("rolloutTimeoutSeconds", rolloutTimeout);
            }
            if (body.isEmpty()) {
                throw new UsageException("nothing to change: give at least one of --target, --cluster, --no-cluster, --server,"
                        + " --no-server, --auto-rollback, --reapply-drift, --force-conflicts, --rollout-timeout");
            }
            JsonNode settings = api.put(path(app, environment), body);
            if (json()) {
                return printJson(settings);
            }
            print(settings, out());
            return 0;
        }
    }
}
