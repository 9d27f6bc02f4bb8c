package io.maestro.plan.kube;

import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The NodePort Services through which a load balancer on a server reaches a cluster's web ports.
 *
 * <p>When an environment's manifest has a {@code load_balancer} component, Maestro runs nginx or
 * HAProxy on a server outside the cluster; that server can only reach pods through ports open on
 * every node. Each service with {@code http}/{@code https} ports then also gets
 * {@code <service>-lb}, type NodePort, with one port per such container port (named
 * {@code web-<container port>}); the cluster allocates the node ports and the deploy engine reads
 * them back. Internal ports stay on the ClusterIP Service only.
 *
 * <pre>{@code
 * if (NodePortServices.wanted(manifest)) {
 *     String name = NodePortServices.name("web");        // "web-lb"
 *     List<Integer> ports = NodePortServices.webContainerPorts(service);
 * }
 * }</pre>
 */
public final class NodePortServices {

    static final String SUFFIX = "lb";

    private NodePortServices() {}

    /** Whether the environment's web ports go through a load balancer on a server ({@code load_balancer} present). */
    public static boolean wanted(EnvironmentManifest environment) {
        return environment.optionalLoadBalancer().isPresent();
    }

    /** The name of a service's NodePort Service: {@code <service>-lb}. */
    public static String name(String service) {
        return Names.suffixed(service, SUFFIX);
    }

    /** The name of the Service port for one container port: {@code web-<port>}. */
    public static String portName(int containerPort) {
        return "web-" + containerPort;
    }

    /** The container ports a service maps to {@code http} or {@code https}, each once, in declaration order. */
    public static List<Integer> webContainerPorts(Service service) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (PortMapping mapping : service.ports()) {
            if (mapping.http() != null || mapping.https() != null) {
                ports.add(mapping.container());
            }
        }
        return List.copyOf(ports);
    }
}
