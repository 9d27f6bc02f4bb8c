package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.maestro.model.service.CommandLine;
import io.maestro.model.service.Constraints;
import io.maestro.model.service.Service;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one container of a service's pods: image, argv, working directory, named ports, env,
 * resources, probes, lifecycle hooks, mounts and the {@code privileged} flag.
 */
final class ContainerRenderer {

    private ContainerRenderer() {}

    static Container render(Service service, ImageReference image, EnvPlan env, VolumePlan volumes) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(service.name())
                .withImage(image.reference())
                .withCommand(command(service))
                .withWorkingDir(service.workDir())
                .withPorts(ContainerPorts.of(service).stream().map(p -> new ContainerPortBuilder()
                        .withName(p.name())
                        .withContainerPort(p.containerPort())
                        .withProtocol(p.protocol())
                        .build()).toList())
                .withEnv(env.env())
                .withResources(resources(service.constraints().resources()))
                .withLifecycle(lifecycle(service.lifecycle()))
                .withVolumeMounts(volumes.mounts());
        ProbeRenderer.apply(service, container);
        if (service.securityContext() != null && service.securityContext().privileged() != null) {
            container.withSecurityContext(new SecurityContextBuilder()
                    .withPrivileged(service.securityContext().privileged()).build());
        }
        return container.build();
    }

    private static List<String> command(Service service) {
        if (service.command() == null || service.command().isBlank()) {
            return List.of();
        }
        try {
            return CommandLine.split(service.command());
        } catch (IllegalArgumentException e) {
            // ServiceRules reports this for every loaded definition; only a model built in code gets here.
            throw new RenderException(List.of("services." + service.name() + ".command: " + e.getMessage()
                    + ", got " + io.maestro.model.bind.Binder.quote(service.command())));
        }
    }

    private static ResourceRequirements resources(Constraints.Resources resources) {
        if (resources.isEmpty()) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(resources.requests()))
                .withLimits(quantities(resources.limits()))
                .build();
    }

    private static Map<String, Quantity> quantities(Constraints.ResourceList list) {
        Map<String, Quantity> out = new TreeMap<>();
        if (list.cpu() != null) {
            out.put("cpu", new Quantity(list.cpu().toKubernetes()));
        }
        if (list.memory() != null) {
            out.put("memory", new Quantity(list.memory().kubernetes()));
        }
        return out;
    }

    private static Lifecycle lifecycle(io.maestro.model.service.Lifecycle lifecycle) {
        if (lifecycle.postStartCommand() == null && lifecycle.preStopCommand() == null) {
            return null;
        }
        return new LifecycleBuilder()
                .withPostStart(shell(lifecycle.postStartCommand()))
                .withPreStop(shell(lifecycle.preStopCommand()))
                .build();
    }

    /** Hooks run through {@code sh -c} so pipes, {@code &&} and variables work as written. */
    private static LifecycleHandler shell(String command) {
        if (command == null) {
            return null;
        }
        return new LifecycleHandlerBuilder().withNewExec().withCommand("sh", "-c", command).endExec().build();
    }
}
