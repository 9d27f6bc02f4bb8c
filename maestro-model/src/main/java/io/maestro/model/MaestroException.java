package io.maestro.model;

/**
 * The one unchecked root of every exception Maestro throws on purpose.
 *
 * <p>Subclasses carry the context a user needs to act (a file position, a host, a Kubernetes
 * status). Code catches them at the edge (CLI, API) and reports them once; it never logs and
 * rethrows.
 */
public class MaestroException extends RuntimeException {

    public MaestroException(String message) {
        super(message);
    }

    public MaestroException(String message, Throwable cause) {
        super(message, cause);
    }
}
