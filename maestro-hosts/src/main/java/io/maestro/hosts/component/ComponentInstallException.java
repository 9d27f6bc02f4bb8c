package io.maestro.hosts.component;

/** The package manager could not install a component; the message ends with the tail of its output. */
public class ComponentInstallException extends ComponentException {

    public ComponentInstallException(String message) {
        super(message);
    }
}
