package io.maestro.store.deploy;

import java.time.Instant;

/**
 * A request to deploy a stored version of an application to an environment, and how it went.
 * {@code startedAt} and {@code finishedAt} are {@code null} until then; {@code detail} says why a
 * deployment failed (or anything else worth keeping), {@code null} when there is nothing to say.
 */
public record Deployment(
        long id,
        String application,
        String environment,
        int version,
        DeploymentStatus status,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String detail) {}
