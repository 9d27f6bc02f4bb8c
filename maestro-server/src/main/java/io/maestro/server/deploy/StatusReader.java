package io.maestro.server.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads what an application environment's namespace runs: per Deployment and DaemonSet its counts,
 * images and endpoints, sorted by name.
 */
final class StatusReader {

    private StatusReader() {}

    static List<EnvironmentStatus.ServiceStatus> services(KubernetesClient client, String namespace) {
        List<io.fabric8.kubernetes.api.model.Service> services = client.services().inNamespace(namespace).list().getItems();
        List<Ingress> ingresses = client.network().v1().ingresses().inNamespace(namespace).list().getItems();
        List<EnvironmentStatus.ServiceStatus> out = new ArrayList<>();
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            DeploymentStatus status = d.getStatus();
            int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            List<String> images = d.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList();
            out.add(new EnvironmentStatus.ServiceStatus(name, desired,
                    status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
                    status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas(),
                    status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas(),
                    images, endpoints(name, namespace, services, ingresses)));
        }
        for (DaemonSet d : client.apps().daemonSets().inNamespace(namespace).list().getItems()) {
            out.add(daemonSet(d, namespace, services, ingresses));
        }
        out.sort(Comparator.comparing(EnvironmentStatus.ServiceStatus::name));
        return out;
    }

    /**
     * A DaemonSet's counts: desired is the number of nodes that should run its pod
     * ({@code desiredNumberScheduled}), ready {@code numberReady}, updated
     * {@code updatedNumberScheduled}, available {@code numberAvailable}.
     */
    private static EnvironmentStatus.ServiceStatus daemonSet(DaemonSet d, String namespace,
            List<io.fabric8.kubernetes.api.model.Service> services, List<Ingress> ingresses) {
        String name = d.getMetadata().getName();
        DaemonSetStatus status = d.getStatus() == null ? new DaemonSetStatus() : d.getStatus();
        List<String> images = d.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList();
        return new EnvironmentStatus.ServiceStatus(name, orZero(status.getDesiredNumberScheduled()),
                orZero(status.getNumberReady()), orZero(status.getUpdatedNumberScheduled()),
                orZero(status.getNumberAvailable()), images, endpoints(name, namespace, services, ingresses));
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    /** {@code web.shop-production.svc:80} for its Service's ports, {@code http://shop.example.com/} for Ingress rules. */
    private static List<String> endpoints(String name, String namespace, List<io.fabric8.kubernetes.api.model.Service> services,
            List<Ingress> ingresses) {
        List<String> endpoints = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.Service service : services) {
            if (!name.equals(service.getMetadata().getName()) || service.getSpec() == null || service.getSpec().getPorts() == null) {
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                endpoints.add(name + "." + namespace + ".svc:" + port.getPort());
            }
        }
        for (Ingress ingress : ingresses) {
            if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
                continue;
            }
            boolean tls = ingress.getSpec().getTls() != null && !ingress.getSpec().getTls().isEmpty();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                    continue;
                }
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    if (path.getBackend() != null && path.getBackend().getService() != null
                            && name.equals(path.getBackend().getService().getName())) {
                        endpoints.add((tls ? "https://" : "http://") + (rule.getHost() == null ? "*" : rule.getHost())
                                + (path.getPath() == null ? "/" : path.getPath()));
                    }
                }
            }
        }
        return endpoints;
    }
}
