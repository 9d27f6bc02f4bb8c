package io.maestro.server.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Opens a Kubernetes client for a registered cluster. The deploy engine needs nothing else from
 * the cluster registry, so its tests connect it to fabric8's mock server with a lambda.
 */
@FunctionalInterface
public interface ClusterConnector {

    /**
     * A new client for the cluster; the caller closes it.
     *
     * @throws io.maestro.store.db.NotFoundException when no cluster has that name
     */
    KubernetesClient connect(String clusterName);

    /**
     * The names of the registered clusters: when an environment names no cluster and exactly one
     * is registered, the deploy engine uses that one. None by default.
     */
    default List<String> clusterNames() {
        return List.of();
    }
}
