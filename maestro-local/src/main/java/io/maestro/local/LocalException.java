package io.maestro.local;

import io.maestro.model.MaestroException;

/** The local (podman) target could not do what was asked; the message names the application, service or replica. */
public class LocalException extends MaestroException {

    public LocalException(String message) {
        super(message);
    }

    public LocalException(String message, Throwable cause) {
        super(message, cause);
    }
}
