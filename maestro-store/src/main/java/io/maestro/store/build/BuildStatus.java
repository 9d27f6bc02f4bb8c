package io.maestro.store.build;

/** Where a build is in its life; stored as the lower-case name. */
public enum BuildStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True once the build cannot change any more. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
