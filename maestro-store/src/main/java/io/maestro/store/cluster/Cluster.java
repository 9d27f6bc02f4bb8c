package io.maestro.store.cluster;

import java.time.Instant;

/**
 * A registered Kubernetes cluster as listings show it: its name, the kubeconfig context Maestro
 * connects through, that context's API server URL, and who added it when. The kubeconfig itself
 * is not part of it: read it with {@link ClusterDao#kubeconfig(String)} when connecting.
 */
public record Cluster(long id, String name, String context, String server, Instant addedAt, String addedBy) {}
