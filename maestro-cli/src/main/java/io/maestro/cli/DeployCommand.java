package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro deploy APP [--env E] [--version N] [--service SVC[:REF]]... [--git-ref REF]
 * [--deployment-profile NAME] [--no-wait]}: requests a deployment (building the git-based services in scope)
 * and, by
 * default, follows it to its end with live progress; exits 1 when it fails. {@code --no-wait}
 * prints the deployment's id and returns at once.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploy an application's latest (or given) version to an environment and follow it:",
            "per-service progress and the deployment log; exit 1 when the deployment fails."})
public final class DeployCommand extends OnlineCommand {

    /** The environment when none is named. */
    static final String DEFAULT_ENVIRONMENT = "production";

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = DEFAULT_ENVIRONMENT,
            description = "The environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(names = "--version", paramLabel = "N", description = "The version to deploy (default: the latest).")
    Integer version;

    @Option(names = "--service", paramLabel = "SVC[:REF]",
            description = {"Only this service builds and publishes (repeatable); REF is the git ref to build",
                "(git-based service) or the image tag to publish (image service)."})
    java.util.List<String> services = new java.util.ArrayList<>();

    @Option(names = "--git-ref", paramLabel = "REF",
            description = "The git branch, tag or commit every git-based service builds (unless --service names its own).")
    String gitRef;

    // Not --profile: every online command already has --profile for the saved login profile.
    @Option(names = "--deployment-profile", paramLabel = "NAME",
            description = "A deployment profile (maestro profiles create): its services, build flag and strategy.")
    String profile;

    @Option(names = "--no-wait", description = "Print the deployment id and return without following it.")
    boolean noWait;

    @Override
    protected int run(ApiClient api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", environment);
        if (version != null) {
            body.put("version", version);
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        Map<String, String> refs = new LinkedHashMap<>();
        for (String service : services) {
            int colon = service.indexOf(':');
            String name = colon < 0 ? service : service.substring(0, colon);
            if (name.isBlank() || (colon >= 0 && colon == service.length() - 1)) {
                throw new UsageException("--service: expected SERVICE or SERVICE:REF (e.g. web:main or web:1.2.0), got '"
                        + service + "'");
            }
            if (colon < 0) {
                names.add(name);
            } else {
                refs.put(name, service.substring(colon + 1));
            }
        }
        if (!names.isEmpty()) {
            body.put("services", names);
        }
        if (!refs.isEmpty()) {
            body.put("serviceRefs", refs);
        }
        if (gitRef != null) {
            body.put("gitRef", gitRef);
        }
        if (profile != null) {
            body.put("profile", profile);
        }
        JsonNode deployment = api.post("/apps/" + ApiClient.segment(app) + "/deployments", body);
        return DeployCommand.followOrPrint(this, api, deployment, noWait, "deployment");
    }

    /** Shared by deploy and rollback: print the id ({@code --no-wait}) or follow to the end. */
    static int followOrPrint(OnlineCommand command, ApiClient api, JsonNode deployment, boolean noWait, String what) {
        long id = deployment.path("id").asLong();
        String target = deployment.path("application").asText() + "/" + deployment.path("environment").asText();
        if (noWait) {
            if (command.json()) {
                return command.printJson(deployment);
            }
            command.out().println(id);
            command.out().flush();
            command.err().println(what + " " + id + " of " + target + " (version " + deployment.path("version").asText()
                    + ") is " + deployment.path("status").asText() + "; follow it with `maestro deployments show " + id + "`");
            command.err().flush();
            return 0;
        }
        if (!command.json()) {
            command.out().println(what + " " + id + " of " + target + " (version " + deployment.path("version").asText()
                    + ") " + deployment.path("status").asText());
        }
        DeploymentWatcher watcher = new DeploymentWatcher(api, command.out(), command.json());
        String status = watcher.follow(id);
        boolean succeeded = status.equals("succeeded");
        if (command.json()) {
            command.printJson(api.get("/deployments/" + id));
        } else {
            command.out().println(what + " " + id + " " + status
                    + (watcher.detail() == null || watcher.detail().isEmpty() ? "" : ": " + watcher.detail()));
            command.out().flush();
        }
        return succeeded ? 0 : ErrorReporter.EXIT_FAILURE;
    }
}
