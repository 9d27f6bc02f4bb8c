package io.maestro.store.db;

/** A row that an operation needs does not exist, e.g. {@code no application named 'shop'}. */
public class NotFoundException extends StoreException {

    public NotFoundException(String message) {
        super(message);
    }
}
