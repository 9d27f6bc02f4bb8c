package io.maestro.buildgrid;

/** A build was cancelled (by a user or a timeout) before it finished; nothing was pushed after that. */
public class BuildCancelledException extends BuildException {

    public BuildCancelledException(String message) {
        super(message);
    }
}
