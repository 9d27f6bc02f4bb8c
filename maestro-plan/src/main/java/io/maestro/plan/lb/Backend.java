package io.maestro.plan.lb;

/**
 * One place a service's container port is published: {@code address:port}.
 *
 * @param address an IPv4 address or a host name
 * @param port the published port
 */
public record Backend(String address, int port) {

    public Backend {
        ConfigText.address(address);
        ConfigText.port(port);
    }

    /** {@code address:port}, as both proxies write it. */
    public String hostPort() {
        return address + ":" + port;
    }
}
