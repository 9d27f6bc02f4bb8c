package io.maestro.store.deploy;

/** Where a deployment is: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED}, or {@code QUEUED -> FAILED}. */
public enum DeploymentStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** Whether the deployment is over. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
