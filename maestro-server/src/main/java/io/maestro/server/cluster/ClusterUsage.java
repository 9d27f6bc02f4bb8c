package io.maestro.server.cluster;

import java.util.List;

/**
 * Which environments deploy to a cluster, so that a cluster in use cannot be removed. The
 * environment settings belong to the deploy engine, which supplies the real implementation;
 * until it is wired, {@link #NONE} says that no environment uses any cluster.
 */
@FunctionalInterface
public interface ClusterUsage {

    /** No environment settings are stored yet: nothing uses any cluster. */
    ClusterUsage NONE = cluster -> List.of();

    /** The environments set to deploy to {@code cluster}, as {@code APP/ENVIRONMENT}, sorted. */
    List<String> environmentsUsing(String cluster);
}
