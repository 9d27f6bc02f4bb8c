package io.maestro.store.deploy;

import java.time.Instant;

/**
 * How one application environment is deployed.
 *
 * @param application the application
 * @param environment the environment, e.g. {@code production}
 * @param cluster the registered cluster it deploys to; {@code null} means "the only registered one"
 * @param autoRollback after a failed rollout, redeploy the last deployment that succeeded
 * @param reapplyDrift when the drift check finds objects changed out of band, apply them again
 * @param forceConflicts server-side apply with force: take over fields another manager owns
 * @param rolloutTimeoutSeconds how long a rollout may take before the deployment fails
 * @param updatedAt when the settings were last changed ({@code null} for defaults never stored)
 * @param updatedBy who changed them ({@code null} for defaults)
 */
public record EnvironmentSettings(
        String application,
        String environment,
        String cluster,
        boolean autoRollback,
        boolean reapplyDrift,
        boolean forceConflicts,
        int rolloutTimeoutSeconds,
        Instant updatedAt,
        String updatedBy) {

    /** The rollout deadline of an environment nobody configured. */
    public static final int DEFAULT_ROLLOUT_TIMEOUT_SECONDS = 600;

    public EnvironmentSettings {
        if (rolloutTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("rolloutTimeoutSeconds: expected a positive number, got " + rolloutTimeoutSeconds);
        }
    }

    /** The settings of an environment nobody configured: any single cluster, no automatic actions. */
    public static EnvironmentSettings defaults(String application, String environment) {
        return new EnvironmentSettings(application, environment, null, false, false, false,
                DEFAULT_ROLLOUT_TIMEOUT_SECONDS, null, null);
    }
}
