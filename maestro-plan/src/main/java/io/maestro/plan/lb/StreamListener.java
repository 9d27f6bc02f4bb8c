package io.maestro.plan.lb;

import java.util.Objects;

/**
 * A TCP or UDP port passed through to an upstream as bytes (nginx {@code stream}, HAProxy
 * {@code mode tcp}).
 *
 * @param name unique name
 * @param protocol TCP or UDP
 * @param port the port the load balancer listens on
 * @param upstream the upstream's name
 */
public record StreamListener(String name, Protocol protocol, int port, String upstream) {

    public StreamListener {
        ConfigText.name(name);
        Objects.requireNonNull(protocol, "protocol");
        ConfigText.port(port);
        ConfigText.name(upstream);
    }

    /** Layer-4 protocol. */
    public enum Protocol { TCP, UDP }
}
