package io.maestro.plan.lb;

import java.util.List;

/**
 * Where each service's container port is published right now (one entry per running container),
 * as the workload runtime knows it: podman's published ports on one machine, the servers' ports
 * otherwise.
 */
@FunctionalInterface
public interface BackendDirectory {

    List<Backend> backends(String service, int containerPort);
}
