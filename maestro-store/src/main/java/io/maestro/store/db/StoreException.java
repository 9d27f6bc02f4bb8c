package io.maestro.store.db;

import io.maestro.model.MaestroException;

/**
 * The one unchecked root of every failure of the state store.
 *
 * <p>When a statement fails, the message names the SQL and its arguments (with sensitive ones
 * shown as {@code <redacted>}, see {@link Redacted}), so that a report is enough to reproduce the
 * problem. Secret values never reach SQL in clear, so they cannot appear here.
 */
public class StoreException extends MaestroException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
