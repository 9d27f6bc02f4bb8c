package io.maestro.model.env;

import io.maestro.model.MaestroException;

/**
 * A malformed reference inside an env var value, e.g. an unterminated {@code _env(}. The binder
 * turns it into a diagnostic at the value's position.
 */
public final class EnvSyntaxException extends MaestroException {

    private final int offset;

    /**
     * @param message what is wrong and what was expected
     * @param offset 0-based index in the raw value where the problem starts
     */
    public EnvSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
