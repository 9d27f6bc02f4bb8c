package io.maestro.buildgrid.source;

import io.maestro.buildgrid.BuildException;

/**
 * The ref to build names nothing in the repository (a missing branch or tag, an unknown commit)
 * or more than one commit (an ambiguous short hash). The repository was reachable: the ref is
 * what to fix.
 */
public final class UnresolvedRefException extends BuildException {

    private final String ref;

    public UnresolvedRefException(String ref, String message) {
        super(message);
        this.ref = ref;
    }

    /** The ref as it was asked for. */
    public String ref() {
        return ref;
    }
}
