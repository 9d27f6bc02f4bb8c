package io.maestro.server.deploy;

import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStatus;
import io.maestro.store.deploy.DeploymentTarget;
import java.time.Instant;

/**
 * A deployment as the API shows it: its row plus the cluster it targets and, for a rollback, the
 * deployment whose version and images it redeploys.
 */
public record DeploymentInfo(
        long id,
        String application,
        String environment,
        int version,
        DeploymentStatus status,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String detail,
        String cluster,
        Long rollbackOf) {

    static DeploymentInfo of(Deployment d, DeploymentTarget target) {
        return new DeploymentInfo(d.id(), d.application(), d.environment(), d.version(), d.status(), d.requestedBy(),
                d.createdAt(), d.startedAt(), d.finishedAt(), d.detail(),
                target == null ? null : target.cluster(), target == null ? null : target.rollbackOf());
    }
}
