package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.maestro.model.service.Health;
import io.maestro.model.service.Service;
import java.util.List;

/**
 * {@code health} → readiness, liveness and startup probes.
 *
 * <p>{@code health: default} is a readiness and a liveness HTTP probe on {@code /} at the first
 * container port, with the reference's defaults; a service without ports gets no default probes
 * (there is nothing to call). Explicit probes map one to one: {@code http} → {@code httpGet},
 * {@code https} → {@code httpGet} with scheme HTTPS, {@code tcp} → {@code tcpSocket},
 * {@code exec} → {@code exec: [sh, -c, command]}. A probe without {@code port} uses the first
 * container port.
 */
final class ProbeRenderer {

    private ProbeRenderer() {}

    static void apply(Service service, ContainerBuilder container) {
        Integer firstPort = service.ports().isEmpty() ? null : service.ports().get(0).container();
        switch (service.health()) {
            case Health.None none -> { }
            case Health.Defaults defaults -> {
                if (firstPort != null) {
                    container.withReadinessProbe(probe(service, Health.Probe.defaultHttp(), firstPort));
                    container.withLivenessProbe(probe(service, Health.Probe.defaultHttp(), firstPort));
                }
            }
            case Health.Probes probes -> {
                probes.readiness().ifPresent(p -> container.withReadinessProbe(probe(service, p, firstPort)));
                probes.liveness().ifPresent(p -> container.withLivenessProbe(probe(service, p, firstPort)));
                probes.startupProbe().ifPresent(p -> container.withStartupProbe(probe(service, p, firstPort)));
            }
        }
    }

    private static Probe probe(Service service, Health.Probe probe, Integer firstPort) {
        ProbeBuilder builder = new ProbeBuilder()
                .withTimeoutSeconds(probe.timeoutSeconds())
                .withSuccessThreshold(probe.successThreshold())
                .withFailureThreshold(probe.failureThreshold())
                .withInitialDelaySeconds(probe.initialDelaySeconds())
                .withPeriodSeconds(probe.periodSeconds());
        switch (probe.type()) {
            case HTTP, HTTPS -> builder.withNewHttpGet()
                    .withPath(probe.endpoint())
                    .withPort(port(service, probe, firstPort))
                    .withScheme(probe.type() == Health.ProbeType.HTTPS ? "HTTPS" : null)
                    .withHttpHeaders(probe.httpHeaders().stream()
                            .map(h -> new HTTPHeader(h.name(), h.value())).toList())
                    .endHttpGet();
            case TCP -> builder.withNewTcpSocket().withPort(port(service, probe, firstPort)).endTcpSocket();
            case EXEC -> builder.withNewExec().withCommand(List.of("sh", "-c", probe.command())).endExec();
        }
        return builder.build();
    }

    private static IntOrString port(Service service, Health.Probe probe, Integer firstPort) {
        Integer port = probe.port() != null ? probe.port() : firstPort;
        if (port == null) {
            throw new RenderException(List.of("services." + service.name() + ".health: expected a port for the "
                    + probe.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " probe (the service has no ports), got none"));
        }
        return new IntOrString(port);
    }
}
