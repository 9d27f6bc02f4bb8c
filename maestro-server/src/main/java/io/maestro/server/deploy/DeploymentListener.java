package io.maestro.server.deploy;

/**
 * Receives the events of one deployment (see {@link DeploymentService#subscribe}): first its past
 * {@code log} and {@code step} events, then live ones, and last one {@code done}. Called on the
 * engine's threads: keep it quick (write to a stream, a queue). A listener that throws is dropped.
 */
@FunctionalInterface
public interface DeploymentListener {

    void onEvent(DeploymentEvent event);
}
