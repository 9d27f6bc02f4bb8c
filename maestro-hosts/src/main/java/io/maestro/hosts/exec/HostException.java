package io.maestro.hosts.exec;

import io.maestro.model.MaestroException;

/** A host could not be reached or could not run a command at all (not a non-zero exit). */
public class HostException extends MaestroException {

    private final String host;

    public HostException(String host, String message, Throwable cause) {
        super("on " + host + ": " + message, cause);
        this.host = host;
    }

    public HostException(String host, String message) {
        this(host, message, null);
    }

    public String host() {
        return host;
    }
}
