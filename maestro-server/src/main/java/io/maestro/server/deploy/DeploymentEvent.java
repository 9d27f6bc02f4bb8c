package io.maestro.server.deploy;

import java.time.Instant;

/**
 * What happens during a deployment, as {@link DeploymentListener}s and the SSE stream
 * {@code GET /deployments/{id}/events} see it; {@link #type()} is the SSE event name.
 */
public sealed interface DeploymentEvent {

    /** {@code log}, {@code step}, {@code progress} or {@code done}. */
    String type();

    /** A line of the deployment log. */
    record Log(Instant time, String line) implements DeploymentEvent {
        @Override
        public String type() {
            return "log";
        }
    }

    /** A journal step was written or changed: {@code status} is pending, running, done or failed. */
    record Step(int seq, String name, String status, String detail) implements DeploymentEvent {
        @Override
        public String type() {
            return "step";
        }
    }

    /** A service's rollout counts changed (live only: not replayed to late subscribers). */
    record Progress(String service, int desired, int updated, int ready, int available) implements DeploymentEvent {
        @Override
        public String type() {
            return "progress";
        }
    }

    /** The deployment finished: {@code status} succeeded or failed. Always the last event. */
    record Done(String status, String detail) implements DeploymentEvent {
        @Override
        public String type() {
            return "done";
        }
    }
}
