package io.maestro.server.dashboard.view;

/**
 * A deployment as lists and its page show it.
 *
 * @param status lowercase: queued, running, succeeded or failed
 * @param detail why it failed (or other notes), or null
 */
public record DeploymentRow(long id, String application, String environment, int version, String status,
        String requestedBy, String createdAt, String startedAt, String finishedAt, String detail) {

    /** Whether the deployment is over: the live log then has nothing more to say. */
    public boolean finished() {
        return status.equals("succeeded") || status.equals("failed");
    }
}
