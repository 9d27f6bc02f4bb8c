package io.maestro.plan.kube;

import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A service's container ports with their names.
 *
 * <p>A port keeps the name the user gave it. Otherwise it is named for how it is exposed: the
 * first web port (http/https) {@code http}, later ones {@code http-<port>}; TCP-mapped
 * {@code tcp-<port>}; UDP-only {@code udp-<port>}; internal {@code p<port>}. A generated name that
 * is already taken falls back to {@code p<port>}, then {@code p<port>-<n>}. All fit the 15
 * characters of an IANA service name. A mapping exposed over UDP <em>and</em> TCP/HTTP gets a
 * second container port entry for UDP.
 */
final class ContainerPorts {

    /**
     * @param mapping where the port came from
     * @param containerPort the port number in the container
     * @param protocol {@code TCP} or {@code UDP}
     * @param name unique within the container
     */
    record NamedPort(PortMapping mapping, int containerPort, String protocol, String name) {}

    private ContainerPorts() {}

    static List<NamedPort> of(Service service) {
        Set<String> taken = new HashSet<>();
        service.ports().forEach(p -> p.optionalName().ifPresent(taken::add));
        List<NamedPort> ports = new ArrayList<>();
        boolean webNamed = false;
        for (PortMapping mapping : service.ports()) {
            String name;
            if (mapping.name() != null) {
                name = mapping.name();
            } else {
                String wanted;
                if (mapping.isWeb()) {
                    wanted = webNamed ? "http-" + mapping.container() : "http";
                    webNamed = true;
                } else if (mapping.tcp() != null) {
                    wanted = "tcp-" + mapping.container();
                } else if (mapping.udp() != null) {
                    wanted = "udp-" + mapping.container();
                } else {
                    wanted = "p" + mapping.container();
                }
                name = unique(wanted, mapping.container(), taken);
            }
            ports.add(new NamedPort(mapping, mapping.container(), mapping.protocol(), name));
            if (mapping.udp() != null && "TCP".equals(mapping.protocol())) {
                String udpName = unique("udp-" + mapping.container(), mapping.container(), taken);
                ports.add(new NamedPort(mapping, mapping.container(), "UDP", udpName));
            }
        }
        return List.copyOf(ports);
    }

    private static String unique(String wanted, int port, Set<String> taken) {
        String name = wanted;
        if (taken.contains(name)) {
            name = "p" + port;
        }
        for (int n = 2; taken.contains(name); n++) {
            name = "p" + port + "-" + n;
        }
        taken.add(name);
        return name;
    }
}
