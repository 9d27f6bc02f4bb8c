package io.maestro.server.deploy;

import io.maestro.store.deploy.DriftReport;
import java.util.List;

/**
 * An application environment as it runs: per service the counts and images its workload reports,
 * and its endpoints; the last deployment; the last drift check.
 *
 * @param cluster the cluster it deploys to, {@code null} when none is chosen yet
 * @param services what the cluster reports, empty when nothing was deployed or the cluster cannot be read
 * @param clusterError why the cluster could not be read, {@code null} when it could
 */
public record EnvironmentStatus(String application, String environment, String cluster, List<ServiceStatus> services,
        DeploymentInfo lastDeployment, DriftReport drift, String clusterError) {

    /** One service's workload: replica counts, images of its containers, and how it is reached. */
    public record ServiceStatus(String name, int desired, int ready, int updated, int available, List<String> images,
            List<String> endpoints) {}
}
