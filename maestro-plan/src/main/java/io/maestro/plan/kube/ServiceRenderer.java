package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service's Kubernetes Services.
 *
 * <p>Every service with ports gets a ClusterIP Service named after it, exposing each container
 * port under its own number and name, so {@code http://api:3000} works inside the namespace.
 *
 * <p>Ports mapped to {@code tcp}/{@code udp} also get {@code <service>-l4}, exposing the external
 * port ({@code port}) and forwarding to the container port ({@code targetPort}) with the mapped
 * protocol. Its type is LoadBalancer, except when the manifest lists the cluster's nodes and none
 * comes from a cloud vendor (machines given by {@code address}): nothing would give a
 * LoadBalancer an address there, so it is a NodePort, with {@code nodePort} set to the external
 * port when that lies in the default node port range (30000-32767) and chosen by the cluster
 * otherwise. An unknown cluster (no {@code docker} servers in the manifest) gets LoadBalancer, the
 * portable choice. The manifest's {@code docker.configuration.l4_service_type} ({@code LoadBalancer}
 * or {@code NodePort}) overrides the choice.
 *
 * <p>With a {@code load_balancer} component in the manifest (nginx or HAProxy on a server), the
 * web ports also get {@code <service>-lb}, type NodePort ({@link NodePortServices}), so the server
 * reaches the pods through every node.
 */
final class ServiceRenderer {

    static final String L4_SUFFIX = "l4";
    /** The manifest key (kept in {@code DockerConfiguration.other()}) that chooses the L4 Service type. */
    static final String L4_SERVICE_TYPE_KEY = "l4_service_type";
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;

    private ServiceRenderer() {}

    static List<io.fabric8.kubernetes.api.model.Service> render(RenderContext context, Service service) {
        List<io.fabric8.kubernetes.api.model.Service> services = new ArrayList<>();
        if (service.ports().isEmpty()) {
            return services;
        }
        services.add(new ServiceBuilder()
                .withNewMetadata().withName(service.name()).withNamespace(context.namespace())
                .withLabels(context.serviceLabels(service)).endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(context.selector(service))
                .withPorts(ContainerPorts.of(service).stream().map(p -> new ServicePortBuilder()
                        .withName(p.name())
                        .withPort(p.containerPort())
                        .withTargetPort(new IntOrString(p.containerPort()))
                        .withProtocol(p.protocol())
                        .build()).toList())
                .endSpec()
                .build());
        List<ServicePort> l4 = layer4Ports(context, service);
        if (!l4.isEmpty()) {
            services.add(new ServiceBuilder()
                    .withNewMetadata().withName(Names.suffixed(service.name(), L4_SUFFIX))
                    .withNamespace(context.namespace()).withLabels(context.serviceLabels(service)).endMetadata()
                    .withNewSpec()
                    .withType(nodePorts(context) ? "NodePort" : "LoadBalancer")
                    .withSelector(context.selector(service))
                    .withPorts(l4)
                    .endSpec()
                    .build());
        }
        List<Integer> web = NodePortServices.webContainerPorts(service);
        if (NodePortServices.wanted(context.environment()) && !web.isEmpty()) {
            services.add(new ServiceBuilder()
                    .withNewMetadata().withName(NodePortServices.name(service.name()))
                    .withNamespace(context.namespace()).withLabels(context.serviceLabels(service)).endMetadata()
                    .withNewSpec()
                    .withType("NodePort")
                    .withSelector(context.selector(service))
                    .withPorts(web.stream().map(port -> new ServicePortBuilder()
                            .withName(NodePortServices.portName(port))
                            .withPort(port)
                            .withTargetPort(new IntOrString(port))
                            .withProtocol("TCP")
                            .build()).toList())
                    .endSpec()
                    .build());
        }
        return services;
    }

    /**
     * The manifest's {@code docker.configuration.l4_service_type} when set; otherwise NodePort
     * only for clusters made of the user's own machines.
     */
    static boolean nodePorts(RenderContext context) {
        Optional<String> chosen = context.environment().optionalDocker()
                .map(d -> d.configuration().other().get(L4_SERVICE_TYPE_KEY));
        if (chosen.isPresent()) {
            return chosen.get().equals("NodePort");
        }
        return context.hasDockerServers() && !context.hasCloudVendor();
    }

    private static List<ServicePort> layer4Ports(RenderContext context, Service service) {
        boolean nodePorts = nodePorts(context);
        List<ServicePort> ports = new ArrayList<>();
        for (PortMapping mapping : service.ports()) {
            if (mapping.tcp() != null) {
                ports.add(port("tcp", mapping.tcp(), mapping.container(), "TCP", nodePorts));
            }
            if (mapping.udp() != null) {
                ports.add(port("udp", mapping.udp(), mapping.container(), "UDP", nodePorts));
            }
        }
        return ports;
    }

    private static ServicePort port(String prefix, int external, int container, String protocol, boolean nodePorts) {
        return new ServicePortBuilder()
                .withName(prefix + "-" + external)
                .withPort(external)
                .withTargetPort(new IntOrString(container))
                .withProtocol(protocol)
                .withNodePort(nodePorts && external >= NODE_PORT_MIN && external <= NODE_PORT_MAX ? external : null)
                .build();
    }
}
