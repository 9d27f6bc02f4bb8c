package io.maestro.store.db;

/**
 * An operation contradicts the stored state: a name that is already taken, or a state transition
 * that is not allowed from the current state (starting a deployment that already finished).
 */
public class ConflictException extends StoreException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
