package io.maestro.buildgrid;

import io.maestro.model.MaestroException;

/** A build, push or retag could not be done; the message names the step and what was found. */
public class BuildException extends MaestroException {

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
