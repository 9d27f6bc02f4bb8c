package io.maestro.server.deploy;

import io.maestro.model.MaestroException;

/**
 * A deploy request that cannot be carried out as asked: the reason says how the REST API answers
 * ({@link Reason#INVALID} 422, {@link Reason#CONFLICT} 409), the message says what was expected,
 * what was found and what to do.
 */
public class DeployException extends MaestroException {

    /** Why the request was refused. */
    public enum Reason {
        /** The request itself is wrong (a replica count outside the bounds, a bad name). */
        INVALID,
        /** The request is fine but the state does not allow it (no cluster to deploy to, nothing to roll back to). */
        CONFLICT
    }

    private final Reason reason;

    public DeployException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** With the failure that caused it (its message is already part of {@code message}). */
    public DeployException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
