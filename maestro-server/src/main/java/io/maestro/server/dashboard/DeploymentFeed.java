package io.maestro.server.dashboard;

import java.util.Map;

/**
 * The events of one deployment for its page's live log: first what happened so far, then live
 * events, ending with {@code done}. Event names and data follow the API's
 * {@code GET /api/v1/deployments/{id}/events}: {@code log {time, line}}, {@code step {seq, name,
 * status, detail}}, {@code progress {service, desired, updated, ready, available}}, {@code done
 * {status, detail}}.
 */
public interface DeploymentFeed {

    /** Sends the deployment's events to {@code sink}, blocking until {@code done} was sent or the sink closed. */
    void stream(long deploymentId, Sink sink) throws InterruptedException;

    /** Where the events go: the browser's event stream. */
    interface Sink {

        /** Whether the browser is still listening. */
        boolean open();

        void send(String event, Map<String, Object> data);
    }
}
