package io.maestro.local;

import java.util.List;

/**
 * What listens on a service's published port in the control plane and forwards to the ready
 * replicas' loopback ports: a {@link TcpProxy} ({@code http}, {@code tcp}, and the loopback
 * upstream of an {@code https} mapping) or a {@link UdpProxy} ({@code udp}).
 */
interface Relay extends AutoCloseable {

    /** Sends new traffic to these backend ports (the replicas' loopback ports) from now on. */
    void route(List<Integer> ports);

    /** The port this relay listens on. */
    int port();

    /** Connections still open to the backend port (a retiring replica is removed once this is 0). */
    int activeConnections(int backendPort);

    @Override
    void close();
}
