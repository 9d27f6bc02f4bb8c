package io.maestro.local;

/**
 * A port a service publishes on this host: Maestro's proxy listens on {@code hostPort} and
 * forwards every connection to a ready replica's {@code containerPort}.
 *
 * @param service the service name
 * @param containerPort the port the container listens on
 * @param declaredPort the external port service.yml asks for ({@code http} or {@code tcp})
 * @param hostPort the port actually bound on this host (the declared one unless overridden)
 */
public record PublishedPort(String service, int containerPort, int declaredPort, int hostPort) {}
