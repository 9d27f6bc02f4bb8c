package io.maestro.kube.rollout;

/**
 * A container of a failing workload's pod.
 *
 * @param name container name
 * @param image its image
 * @param ready whether it passes its readiness probe
 * @param restarts how often it restarted
 * @param state e.g. {@code waiting: CrashLoopBackOff (back-off 5m0s restarting failed container)}
 * @param lastTermination e.g. {@code exit code 1 (Error)}; empty when it never terminated
 */
public record ContainerDiagnosis(String name, String image, boolean ready, int restarts, String state, String lastTermination) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("container ").append(name).append(' ').append(state);
        if (!lastTermination.isEmpty()) {
            text.append("; last terminated: ").append(lastTermination);
        }
        if (restarts > 0) {
            text.append("; ").append(restarts).append(restarts == 1 ? " restart" : " restarts");
        }
        return text.toString();
    }
}
