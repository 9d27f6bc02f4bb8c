package io.maestro.local;

import java.util.List;

/**
 * What runs on this host for one application environment.
 *
 * @param application the application name
 * @param environment the environment name
 * @param services every container service that has replicas or a deployed plan
 */
public record LocalStatus(String application, String environment, List<Service> services) {

    /**
     * @param name the service name
     * @param desired the replicas the last deploy or scale asked for (-1 when this runtime has not deployed it)
     * @param running replicas whose container runs
     * @param ready replicas that pass the readiness check now
     * @param revision the revision of the last deployed plan (empty when unknown)
     * @param ports the ports published on this host
     * @param replicas one entry per pod
     */
    public record Service(String name, int desired, int running, int ready, String revision,
            List<PublishedPort> ports, List<Replica> replicas) {}

    /**
     * @param pod the pod name
     * @param container the container name ({@code podman logs} / {@code exec} take it)
     * @param state podman's container state ({@code running}, {@code exited}, ...)
     * @param ready whether the readiness check passes
     * @param revision the plan revision the replica was made from
     * @param restarts how often podman restarted the container
     */
    public record Replica(String pod, String container, String state, boolean ready, String revision, int restarts) {}

    /** The service with this name, when present. */
    public java.util.Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
