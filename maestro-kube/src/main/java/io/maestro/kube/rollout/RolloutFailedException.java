package io.maestro.kube.rollout;

import io.maestro.model.MaestroException;
import java.util.List;

/**
 * A rollout failed. The message lists every failing workload with its counts, the state of its
 * pods' containers and recent warning events, ready for a deployment log:
 *
 * <pre>
 * rollout in shop-production failed:
 *   Deployment web: progress deadline exceeded: ReplicaSet "web-7c9" has timed out progressing. (1/2 updated, 0 ready, 0 available)
 *     pod web-7c9-x2x (Running): container web waiting: CrashLoopBackOff (back-off 5m0s restarting failed container); last terminated: exit code 1 (Error); 5 restarts
 *       BackOff: Back-off restarting failed container web in pod web-7c9-x2x (x5)
 * </pre>
 */
public class RolloutFailedException extends MaestroException {

    private final transient List<RolloutFailure> failures;

    public RolloutFailedException(String namespace, List<RolloutFailure> failures) {
        super(describe(namespace, failures));
        this.failures = List.copyOf(failures);
    }

    /** One entry per failing workload. */
    public List<RolloutFailure> failures() {
        return failures;
    }

    private static String describe(String namespace, List<RolloutFailure> failures) {
        StringBuilder text = new StringBuilder("rollout in ").append(namespace).append(" failed:");
        for (RolloutFailure failure : failures) {
            text.append("\n  ").append(failure.workload()).append(": ").append(failure.message());
            failure.lastProgress().ifPresent(p -> text.append(" (").append(p.describe()).append(')'));
            for (String event : failure.events()) {
                text.append("\n    ").append(event);
            }
            for (PodDiagnosis pod : failure.pods()) {
                text.append("\n    pod ").append(pod.name()).append(" (").append(pod.phase()).append(')');
                if (!pod.containers().isEmpty()) {
                    text.append(": ").append(String.join("; ", pod.containers().stream().map(Object::toString).toList()));
                }
                for (String event : pod.events()) {
                    text.append("\n      ").append(event);
                }
            }
        }
        return text.toString();
    }
}
