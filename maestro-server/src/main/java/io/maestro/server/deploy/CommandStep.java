package io.maestro.server.deploy;

import io.maestro.model.AppDefinition;
import io.maestro.model.service.BuildSource;
import io.maestro.model.service.CommandLine;
import io.maestro.model.service.Service;
import io.maestro.store.Store;
import io.maestro.store.publish.DeploymentOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which one-off commands a deployment runs before publishing: {@code build_command} once per
 * service, on the application's first build of it; {@code deploy_command} once per service in
 * scope on every deploy (strategy {@code fast}: only services whose image changed). The target
 * runs them ({@link LocalCommand} with podman, {@link KubeCommandJob} on a cluster); a non-zero
 * exit fails the deployment before anything is published.
 */
final class CommandStep {

    /** One command to run: {@code kind} is {@code build} or {@code deploy}. */
    record Planned(String service, String kind, String image, List<String> argv) {
        String what() {
            return kind + "_command of " + service;
        }
    }

    private CommandStep() {}

    static List<Planned> plan(Store store, String application, BuildStep.Outcome outcome, DeploymentOptions options) {
        List<Planned> planned = new ArrayList<>();
        AppDefinition definition = outcome.definition();
        for (Service service : definition.services().services().values()) {
            BuildSource build = service.build();
            if (build == null || service.image() == null) {
                continue;
            }
            if (build.buildCommand() != null && outcome.built().contains(service.name())
                    && !store.deploymentOptions().buildCommandRan(application, service.name())) {
                planned.add(new Planned(service.name(), "build", service.image(), argv(service.name(), "build_command", build.buildCommand())));
            }
            if (build.deployCommand() != null && options.inScope(service.name())
                    && (!options.fast() || outcome.changed().contains(service.name()))) {
                planned.add(new Planned(service.name(), "deploy", service.image(), argv(service.name(), "deploy_command", build.deployCommand())));
            }
        }
        return planned;
    }

    /** Remembers the build_commands that ran, so they never run again. */
    static void recordRan(Store store, String application, long deploymentId, List<Planned> ran) {
        ran.stream().filter(p -> p.kind().equals("build"))
                .forEach(p -> store.deploymentOptions().recordBuildCommand(application, p.service(), deploymentId));
    }

    private static List<String> argv(String service, String key, String command) {
        List<String> argv = CommandLine.split(command);
        if (argv.isEmpty()) {
            throw new DeployException(DeployException.Reason.INVALID, "service " + service + ": " + key + " is empty");
        }
        return argv;
    }
}
