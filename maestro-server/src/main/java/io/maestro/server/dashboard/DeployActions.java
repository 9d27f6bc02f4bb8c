package io.maestro.server.dashboard;

import io.maestro.server.ApiException;
import io.maestro.store.audit.Actor;
import java.util.OptionalInt;

/**
 * What the dashboard's deploy and rollback buttons do: the deploy engine's requests, behind a
 * seam so the pages do not depend on how the engine queues and runs deployments.
 */
public interface DeployActions {

    /** Requests a deployment of {@code version} (empty: the latest) and returns its id. */
    long deploy(String application, String environment, OptionalInt version, Actor actor);

    /** Requests a rollback to the last good deployment of the environment and returns its id. */
    long rollback(String application, String environment, Actor actor);

    /** Used when the server runs without a deploy engine: both buttons answer 503 saying so. */
    static DeployActions unavailable() {
        return new DeployActions() {
            @Override
            public long deploy(String application, String environment, OptionalInt version, Actor actor) {
                throw refused();
            }

            @Override
            public long rollback(String application, String environment, Actor actor) {
                throw refused();
            }

            private ApiException refused() {
                return new ApiException(503, "unavailable", "this control plane has no deploy engine configured");
            }
        };
    }
}
