package io.maestro.kube.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Objects;

/**
 * A workload whose rollout {@link RolloutTracker} follows: a Deployment or a DaemonSet, by name,
 * in the tracked namespace.
 *
 * @param kind Deployment or DaemonSet
 * @param name its name (the service name for Maestro's workloads)
 */
public record WorkloadRef(Kind kind, String name) {

    /** The workload kinds that roll out. */
    public enum Kind {
        DEPLOYMENT("Deployment"),
        DAEMON_SET("DaemonSet");

        private final String kubernetesKind;

        Kind(String kubernetesKind) {
            this.kubernetesKind = kubernetesKind;
        }

        /** The Kubernetes kind, e.g. {@code DaemonSet}. */
        public String kubernetesKind() {
            return kubernetesKind;
        }
    }

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static WorkloadRef deployment(String name) {
        return new WorkloadRef(Kind.DEPLOYMENT, name);
    }

    public static WorkloadRef daemonSet(String name) {
        return new WorkloadRef(Kind.DAEMON_SET, name);
    }

    /** The Deployments and DaemonSets among rendered or applied objects, in their order. */
    public static List<WorkloadRef> in(List<? extends HasMetadata> objects) {
        return objects.stream()
                .<WorkloadRef>mapMulti((object, out) -> {
                    if (object instanceof Deployment) {
                        out.accept(deployment(object.getMetadata().getName()));
                    } else if (object instanceof DaemonSet) {
                        out.accept(daemonSet(object.getMetadata().getName()));
                    }
                })
                .toList();
    }

    @Override
    public String toString() {
        return kind.kubernetesKind() + " " + name;
    }
}
