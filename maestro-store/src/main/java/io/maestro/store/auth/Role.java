package io.maestro.store.auth;

/**
 * What a user may do. Each role includes the ones before it: a deployer can do what a viewer
 * can, an admin what a deployer can.
 */
public enum Role {
    /** Reads applications, versions, deployments and logs. */
    VIEWER,
    /** Also uploads versions, deploys, rolls back, scales, sets env vars. */
    DEPLOYER,
    /** Also manages users, tokens and clusters, and force-releases deployment locks. */
    ADMIN;

    /** Whether this role includes {@code required}. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }
}
