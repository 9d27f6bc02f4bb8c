package io.maestro.buildgrid.source;

import java.nio.file.Path;

/**
 * A repository cloned at one branch.
 *
 * @param directory where the files are
 * @param commit the full commit hash the branch pointed at when cloned (the image tag)
 */
public record Checkout(Path directory, String commit) {

    /** The first 12 characters of the commit, as shown to users. */
    public String shortCommit() {
        return commit.substring(0, Math.min(12, commit.length()));
    }
}
