package io.maestro.hosts.component;

/** The instance's port is already taken on its host by another process; nothing was provisioned. */
public class PortInUseException extends ComponentException {

    private final String address;
    private final int port;

    public PortInUseException(String message, String address, int port) {
        super(message);
        this.address = address;
        this.port = port;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }
}
