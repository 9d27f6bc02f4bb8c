package io.maestro.hosts.component;

import io.maestro.model.MaestroException;

/**
 * A component driver could not do what was asked. The message names the host, the component
 * instance and the cause; subclasses tell the causes a caller may act on apart.
 */
public class ComponentException extends MaestroException {

    public ComponentException(String message) {
        super(message);
    }

    public ComponentException(String message, Throwable cause) {
        super(message, cause);
    }
}
