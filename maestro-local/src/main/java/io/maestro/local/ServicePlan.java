package io.maestro.local;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.List;
import java.util.Optional;

/**
 * What one container service runs as on podman: a pod spec (without its name and backend ports,
 * which each replica gets), the replica count, the ports published through the proxy, the probe
 * that says a replica is ready, and the revision (a hash of everything that makes a replica
 * different, so an unchanged service is left alone on redeploy).
 *
 * @param service the service name
 * @param template the pod every replica is made from
 * @param replicas how many replicas to run
 * @param autoscaled whether the count is min_count of a range (then a count set by scaling is kept on redeploy)
 * @param containerPorts the TCP ports of the service's container (each replica publishes them on 127.0.0.1)
 * @param udpPorts the UDP ports of the service's container (published on 127.0.0.1 too)
 * @param published the ports the proxies bind on this host
 * @param readiness the probe that says a replica can take traffic, when the service has one
 * @param stopGraceSeconds how long a stopping replica may take before it is killed
 * @param revision a short hash of the template and the published ports
 */
record ServicePlan(
        String service,
        Pod template,
        int replicas,
        boolean autoscaled,
        List<Integer> containerPorts,
        List<Integer> udpPorts,
        List<PublishedPort> published,
        Optional<Probe> readiness,
        int stopGraceSeconds,
        String revision) {

    ServicePlan withReplicas(int count) {
        return new ServicePlan(service, template, count, autoscaled, containerPorts, udpPorts, published, readiness, stopGraceSeconds, revision);
    }
}
