package io.maestro.hosts.component;

/**
 * A name, address or path given to a driver does not match the strict grammar drivers accept
 * (they end up in configuration files, SQL and argument vectors). Thrown before anything changes.
 */
public class InvalidComponentSpecException extends ComponentException {

    public InvalidComponentSpecException(String message) {
        super(message);
    }
}
