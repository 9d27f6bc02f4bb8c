package io.maestro.server.deploy;

import io.maestro.store.Store;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.LogLine;
import io.maestro.store.db.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment log and journal writer that also tells subscribers. Writing to the store and
 * notifying happen under the deployment's lock, and so does a subscription's replay of the past:
 * a late subscriber sees every event exactly once, history first.
 */
final class DeploymentEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentEvents.class);

    private final Store store;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, List<DeploymentListener>> listeners = new ConcurrentHashMap<>();

    DeploymentEvents(Store store) {
        this.store = store;
    }

    private Object lock(long id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    void log(long id, String line) {
        synchronized (lock(id)) {
            LogLine written = store.deploymentLog().append(id, line);
            notify(id, new DeploymentEvent.Log(written.at(), written.line()));
        }
    }

    /** Logs each line of a multi-line text (a rollout failure's diagnosis). */
    void logLines(long id, String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                log(id, line);
            }
        }
    }

    DeploymentStep begin(long id, String name) {
        synchronized (lock(id)) {
            DeploymentStep step = store.steps().begin(id, name);
            notify(id, step(step));
            return step;
        }
    }

    DeploymentStep complete(DeploymentStep step, String detail) {
        synchronized (lock(step.deploymentId())) {
            DeploymentStep done = store.steps().complete(step, detail);
            notify(step.deploymentId(), step(done));
            return done;
        }
    }

    DeploymentStep fail(DeploymentStep step, String detail) {
        synchronized (lock(step.deploymentId())) {
            DeploymentStep failed = store.steps().fail(step, detail);
            notify(step.deploymentId(), step(failed));
            return failed;
        }
    }

    void progress(long id, DeploymentEvent.Progress progress) {
        synchronized (lock(id)) {
            notify(id, progress);
        }
    }

    /** Tells the subscribers the deployment finished, and drops them. */
    void done(Deployment finished) {
        synchronized (lock(finished.id())) {
            notify(finished.id(), doneEvent(finished));
            listeners.remove(finished.id());
            locks.remove(finished.id());
        }
    }

    /**
     * Replays the deployment's log and steps to {@code listener}, then (unless it has finished,
     * in which case {@code done} follows at once) registers it for live events.
     */
    AutoCloseable subscribe(long id, DeploymentListener listener) {
        synchronized (lock(id)) {
            Deployment deployment = store.deployments().find(id).orElseThrow(() -> new NotFoundException("no deployment " + id));
            for (DeploymentEvent event : history(id)) {
                listener.onEvent(event);
            }
            if (deployment.status().isFinished()) {
                listener.onEvent(doneEvent(deployment));
                locks.remove(id);
                return () -> { };
            }
            listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        }
        return () -> {
            List<DeploymentListener> registered = listeners.get(id);
            if (registered != null) {
                registered.remove(listener);
            }
        };
    }

    /** Log lines and steps in the order they happened (a step at its last change). */
    private List<DeploymentEvent> history(long id) {
        record Timed(Instant at, int order, DeploymentEvent event) {}
        List<Timed> timed = new ArrayList<>();
        for (LogLine line : store.deploymentLog().list(id)) {
            timed.add(new Timed(line.at(), timed.size(), new DeploymentEvent.Log(line.at(), line.line())));
        }
        for (DeploymentStep step : store.steps().list(id)) {
            Instant at = step.finishedAt() != null ? step.finishedAt() : step.startedAt() != null ? step.startedAt() : Instant.EPOCH;
            timed.add(new Timed(at, timed.size(), step(step)));
        }
        timed.sort(Comparator.comparing(Timed::at).thenComparingInt(Timed::order));
        return timed.stream().map(Timed::event).toList();
    }

    private void notify(long id, DeploymentEvent event) {
        List<DeploymentListener> registered = listeners.get(id);
        if (registered == null) {
            return;
        }
        for (DeploymentListener listener : registered) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                // A subscriber that went away (closed stream) must not stop the deployment.
                LOG.debug("dropping a listener of deployment {}: {}", id, e.toString());
                registered.remove(listener);
            }
        }
    }

    static DeploymentEvent.Step step(DeploymentStep step) {
        return new DeploymentEvent.Step(step.seq(), step.name(), step.status().name().toLowerCase(Locale.ROOT), step.detail());
    }

    static DeploymentEvent.Done doneEvent(Deployment deployment) {
        return new DeploymentEvent.Done(deployment.status().name().toLowerCase(Locale.ROOT), deployment.detail());
    }
}
