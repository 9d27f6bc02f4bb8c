package io.maestro.hosts.component;

/**
 * An instance did not start, or started and did not become healthy; the message ends with the tail
 * of its log. What the failing call created was stopped and removed.
 */
public class ComponentStartException extends ComponentException {

    public ComponentStartException(String message) {
        super(message);
    }

    public ComponentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
