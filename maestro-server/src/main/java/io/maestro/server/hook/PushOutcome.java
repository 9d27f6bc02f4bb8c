package io.maestro.server.hook;

import io.maestro.server.deploy.DeploymentInfo;

/** What a verified webhook delivery led to. */
public sealed interface PushOutcome {

    /** A new deployment of the matched services at the pushed commit. */
    record Queued(DeploymentInfo deployment, java.util.Set<String> services) implements PushOutcome {}

    /** The commit had started a deployment already (another delivery, another trigger). */
    record Duplicate(long deploymentId) implements PushOutcome {}

    /** Nothing to deploy, and why. */
    record NotDeployed(String reason) implements PushOutcome {}

    /** The delivery id was seen before: a replay. */
    record Replayed(String deliveryId) implements PushOutcome {}
}
