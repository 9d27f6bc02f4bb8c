package io.maestro.local;

/**
 * A port a service publishes on this host, one per protocol of a {@code ports:} mapping.
 *
 * <ul>
 *   <li>{@code http} and {@code tcp}: Maestro's TCP proxy listens on {@code hostPort} (every
 *       interface by default) and forwards each connection to a ready replica's {@code containerPort};</li>
 *   <li>{@code udp}: Maestro's UDP relay listens on {@code hostPort} the same way;</li>
 *   <li>{@code https}: TLS belongs to the load balancer, which listens on {@code declaredPort}; the
 *       local target serves the container's plain port on {@code 127.0.0.1:hostPort} (a TCP proxy
 *       over the ready replicas, a free port chosen at deploy) for it to forward to. No load
 *       balancer in front: nothing answers on {@code declaredPort}.</li>
 * </ul>
 *
 * @param service the service name
 * @param containerPort the port the container listens on
 * @param declaredPort the external port service.yml asks for
 * @param hostPort the port Maestro actually binds on this host (the declared one unless
 *     overridden; for {@code https} the loopback upstream port, 0 before the deploy opened it)
 * @param protocol {@code http}, {@code https}, {@code tcp} or {@code udp}
 */
public record PublishedPort(String service, int containerPort, int declaredPort, int hostPort, String protocol) {

    /** Whether TLS is the load balancer's job here ({@code https}): Maestro serves it on loopback only. */
    public boolean forLoadBalancer() {
        return "https".equals(protocol);
    }

    /** This port with the port actually bound. */
    PublishedPort boundAt(int port) {
        return new PublishedPort(service, containerPort, declaredPort, port, protocol);
    }
}
