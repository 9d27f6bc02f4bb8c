package io.maestro.kube.rollout;

/**
 * Where one workload's rollout stands, as its controller reports it in {@code status}.
 *
 * <p>For a Deployment: {@code desired} is {@code spec.replicas}, {@code updated}, {@code ready},
 * {@code available} and {@code total} the matching {@code status} counts ({@code total} includes
 * old pods not yet gone). For a DaemonSet: {@code desiredNumberScheduled},
 * {@code updatedNumberScheduled}, {@code numberReady}, {@code numberAvailable} and
 * {@code currentNumberScheduled}.
 *
 * @param workload the workload
 * @param generation {@code metadata.generation}: bumped by the API server on every spec change
 * @param observedGeneration the generation the controller has acted on
 * @param desired pods wanted
 * @param updated pods running the current template
 * @param ready pods ready
 * @param available pods ready for at least {@code minReadySeconds}
 * @param total all pods, old and new
 */
public record WorkloadProgress(WorkloadRef workload, long generation, long observedGeneration,
        int desired, int updated, int ready, int available, int total) {

    /**
     * Rolled out: the controller has seen the current spec, and every desired pod runs the new
     * template and is available, with no old pod left.
     */
    public boolean complete() {
        return observedGeneration >= generation && updated == desired && available == desired && total <= updated;
    }

    /** {@code web: 1/2 updated, 1 ready, 0 available}. */
    public String describe() {
        String counts = updated + "/" + desired + " updated, " + ready + " ready, " + available + " available";
        if (observedGeneration < generation) {
            counts += ", controller has not yet seen the change";
        } else if (total > updated) {
            counts += ", " + (total - updated) + " old pod" + (total - updated == 1 ? "" : "s") + " terminating";
        }
        return counts;
    }
}
