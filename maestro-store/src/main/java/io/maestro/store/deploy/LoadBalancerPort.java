package io.maestro.store.deploy;

/**
 * Where the load balancer in front of an environment listens for one port service.yml declares.
 *
 * @param application the application
 * @param environment the environment
 * @param scheme {@code http}, {@code https}, {@code tcp} or {@code udp}
 * @param declaredPort the port service.yml declares for that scheme
 * @param listenPort the port the load balancer listens on (the entry point)
 */
public record LoadBalancerPort(String application, String environment, String scheme, int declaredPort, int listenPort) {}
