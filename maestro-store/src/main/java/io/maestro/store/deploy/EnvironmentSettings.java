package io.maestro.store.deploy;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

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
 * @param target where the containers run: {@link #CLUSTER} (a registered Kubernetes cluster) or
 *     {@link #LOCAL} (podman on the control plane's host, what {@code maestro up} uses)
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
        String updatedBy,
        String target) {

    /** The target of an environment that deploys to a Kubernetes cluster (the default). */
    public static final String CLUSTER = "cluster";
    /** The target of an environment that runs its containers with podman on the control plane's host. */
    public static final String LOCAL = "local";

    /** The rollout deadline of an environment nobody configured. */
    public static final int DEFAULT_ROLLOUT_TIMEOUT_SECONDS = 600;

    @JdbiConstructor
    public EnvironmentSettings {
        if (target == null) {
            target = CLUSTER;
        }
        if (!target.equals(CLUSTER) && !target.equals(LOCAL)) {
            throw new IllegalArgumentException("target: expected \"cluster\" or \"local\", got \"" + target + "\"");
        }
        if (rolloutTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("rolloutTimeoutSeconds: expected a positive number, got " + rolloutTimeoutSeconds);
        }
    }

    /** Settings that deploy to a cluster (the target before there was a choice). */
    public EnvironmentSettings(String application, String environment, String cluster, boolean autoRollback,
            boolean reapplyDrift, boolean forceConflicts, int rolloutTimeoutSeconds, Instant updatedAt, String updatedBy) {
        this(application, environment, cluster, autoRollback, reapplyDrift, forceConflicts, rolloutTimeoutSeconds,
                updatedAt, updatedBy, CLUSTER);
    }

    /** Whether the containers run with podman on the control plane's host. */
    public boolean local() {
        return LOCAL.equals(target);
    }

    /** The settings of an environment nobody configured: any single cluster, no automatic actions. */
    public static EnvironmentSettings defaults(String application, String environment) {
        return new EnvironmentSettings(application, environment, null, false, false, false,
                DEFAULT_ROLLOUT_TIMEOUT_SECONDS, null, null, CLUSTER);
    }
}
