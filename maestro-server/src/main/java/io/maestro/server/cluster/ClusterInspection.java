package io.maestro.server.cluster;

import io.maestro.store.cluster.Cluster;
import java.util.List;

/**
 * What {@code GET /clusters/{cluster}} answers: the registered cluster and what its API server
 * says now. When the cluster cannot be reached, {@code problem} says why and there are no nodes.
 */
public record ClusterInspection(Cluster cluster, List<ClusterNode> nodes, Masters masters, HaAssessment ha,
        String problem) {

    public ClusterInspection {
        nodes = List.copyOf(nodes);
    }

    static ClusterInspection of(Cluster cluster, List<ClusterNode> nodes) {
        Masters masters = Masters.of(nodes);
        return new ClusterInspection(cluster, nodes, masters, HaAssessment.of(masters), null);
    }

    static ClusterInspection unreachable(Cluster cluster, String problem) {
        return new ClusterInspection(cluster, List.of(), null, null, problem);
    }

    public boolean reachable() {
        return problem == null;
    }
}
