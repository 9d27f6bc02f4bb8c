package io.maestro.store.deploy;

import java.time.Instant;

/**
 * One line of a deployment's journal: step {@code seq} (1, 2, 3, ... in execution order) named
 * {@code name} (e.g. {@code apply Deployment web}). A row in {@code RUNNING} after a crash says
 * the step may or may not have taken effect; steps are idempotent, so it can be run again.
 */
public record DeploymentStep(
        long deploymentId,
        int seq,
        String name,
        StepStatus status,
        Instant startedAt,
        Instant finishedAt,
        String detail) {}
