package io.maestro.buildgrid;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cancel switch shared by one build and whoever may cancel it. Cancelling kills the process the
 * build is running (and its children) and makes every later step refuse to start.
 */
public final class Cancellation {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> kills = ConcurrentHashMap.newKeySet();
    private volatile String reason;

    /** Cancels the build; harmless when it already finished or was cancelled. */
    public void cancel(String why) {
        if (reason == null) {
            reason = why;
        }
        running.forEach(Cancellation::kill);
        kills.forEach(Runnable::run);
    }

    /**
     * Runs {@code kill} when the build is cancelled (at once when it already was) until the
     * returned registration is closed: how a process on another host (a build server) is stopped.
     */
    public AutoCloseable whenCancelled(Runnable kill) {
        kills.add(kill);
        if (reason != null) {
            kill.run();
        }
        return () -> kills.remove(kill);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** @throws BuildCancelledException when the build was cancelled */
    public void throwIfCancelled(String step) {
        if (reason != null) {
            throw new BuildCancelledException(step + " cancelled: " + reason);
        }
    }

    void register(Process process) {
        running.add(process);
        if (reason != null) {
            // Cancelled between the check and the start: do not let the process run.
            kill(process);
        }
    }

    void unregister(Process process) {
        running.remove(process);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
