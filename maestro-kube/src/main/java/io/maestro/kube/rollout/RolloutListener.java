package io.maestro.kube.rollout;

/**
 * Receives rollout progress. Called on an informer thread, once per change of a workload's
 * counts and in order for each workload: keep it quick (publish to a queue, a log, an SSE stream).
 */
@FunctionalInterface
public interface RolloutListener {

    void onProgress(WorkloadProgress progress);

    /** A listener that ignores progress. */
    static RolloutListener none() {
        return progress -> { };
    }
}
