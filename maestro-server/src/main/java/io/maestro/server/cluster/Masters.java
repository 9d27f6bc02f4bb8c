package io.maestro.server.cluster;

import java.util.List;

/**
 * The cluster's control-plane nodes as a whole.
 *
 * @param count how many nodes are control-plane nodes (masters)
 * @param dedicated true when every master repels ordinary workloads (a {@code NoSchedule} or
 *     {@code NoExecute} taint, or cordoned), so applications run on workers only; false when at
 *     least one master is shared (also runs workloads), and when there is no master
 * @param notReady the masters whose {@code Ready} condition is not {@code True}
 */
public record Masters(int count, boolean dedicated, List<String> notReady) {

    public Masters {
        if (count < 0) {
            throw new IllegalArgumentException("expected a master count of 0 or more, got " + count);
        }
        notReady = List.copyOf(notReady);
    }

    /** The masters among {@code nodes}. */
    public static Masters of(List<ClusterNode> nodes) {
        List<ClusterNode> masters = nodes.stream().filter(ClusterNode::controlPlane).toList();
        return new Masters(masters.size(),
                !masters.isEmpty() && masters.stream().noneMatch(ClusterNode::schedulable),
                masters.stream().filter(n -> !n.ready()).map(ClusterNode::name).toList());
    }
}
