package io.maestro.model.validate;

import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.model.source.KeyPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Port rules: port names, duplicate container ports within a service, and external ports claimed
 * twice, within a service or across services.
 *
 * <p>HTTP, HTTPS and TCP ports share the node's TCP port space; UDP has its own. Two services may
 * share an HTTP (or an HTTPS) port only when both have {@code traffic_matches} and no host name is
 * in both, because the load balancer routes that port by host name. A TCP or UDP port is bound
 * directly and belongs to one service, and one port cannot serve both HTTP and HTTPS.
 */
final class PortRules {

    private final Reporter report;
    private final Map<String, PortClaims> claims = new HashMap<>();

    PortRules(Reporter report) {
        this.report = report;
    }

    /** One external port taken by one port mapping. */
    private record Claim(Service service, String kind, int port, String path) {
        String space() {
            return kind.equals("udp") ? "udp" : "tcp";
        }

        boolean isWeb() {
            return kind.equals("http") || kind.equals("https");
        }

        /** For a web claim: the other web kind, which can never share this port number. */
        String otherWebKind() {
            return kind.equals("http") ? "https" : "http";
        }
    }

    /** Per-service checks; also remembers the service's external ports for {@link #claim}. */
    void check(Service service, String servicePath) {
        Map<String, String> containerPorts = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<PortMapping> ports = service.ports();
        for (int i = 0; i < ports.size(); i++) {
            PortMapping port = ports.get(i);
            String path = KeyPaths.index(KeyPaths.child(servicePath, "ports"), i);
            String key = port.container() + "/" + port.protocol();
            String first = containerPorts.putIfAbsent(key, path);
            if (first != null) {
                report.error(path, "container port " + port.container() + " (" + port.protocol()
                        + ") is listed twice; first at " + first, "list each container port once with all its mappings");
            }
            if (port.name() != null) {
                checkName(port.name(), KeyPaths.child(path, "name"), names);
            }
            claimAll(service, port, path);
        }
    }

    private void checkName(String name, String path, Map<String, String> names) {
        if (!KubernetesNames.isPortName(name)) {
            report.error(path, "expected a port name of at most 15 lowercase letters, digits and '-' with at least "
                    + "one letter (IANA service name), got '" + name + "'", hintFor(name));
            return;
        }
        String first = names.putIfAbsent(name, path);
        if (first != null) {
            report.error(path, "port name '" + name + "' is used twice in this service; first at " + first);
        }
    }

    private static String hintFor(String name) {
        String suggestion = KubernetesNames.suggestDns1123Label(name).replaceAll("-+", "-");
        if (suggestion.length() > KubernetesNames.MAX_PORT_NAME_LENGTH) {
            suggestion = suggestion.substring(0, KubernetesNames.MAX_PORT_NAME_LENGTH).replaceAll("-+$", "");
        }
        return KubernetesNames.isPortName(suggestion) ? "for example '" + suggestion + "'" : null;
    }

    private void claimAll(Service service, PortMapping port, String path) {
        claim(service, "http", port.http(), path);
        claim(service, "https", port.https(), path);
        claim(service, "tcp", port.tcp(), path);
        claim(service, "udp", port.udp(), path);
    }

    private void claim(Service service, String kind, Integer number, String mappingPath) {
        if (number == null) {
            return;
        }
        Claim claim = new Claim(service, kind, number, KeyPaths.child(mappingPath, kind));
        PortClaims earlier = claims.computeIfAbsent(claim.space() + "/" + number, k -> new PortClaims());
        // One message per claim is enough: the one about the earliest claim it cannot coexist with.
        earlier.firstConflicting(claim).ifPresent(other -> conflicts(claim, other));
        earlier.add(claim);
    }

    /**
     * The claims on one external port, indexed so that the earliest claim a new one conflicts with
     * is found without comparing against every earlier claim: with hundreds of services sharing
     * port 80 by host name, pairwise comparison made validation quadratic.
     */
    private static final class PortClaims {
        private final List<Claim> all = new ArrayList<>();
        private int firstDirect = -1;
        private final Map<String, Integer> firstOfKind = new HashMap<>();
        private final Map<String, Integer> firstWithoutHosts = new HashMap<>();
        private final Map<String, Integer> firstOfServiceAndKind = new HashMap<>();
        private final Map<String, Integer> firstOfHost = new HashMap<>();

        /** The earliest claim that {@link PortRules#conflicts} would report against, if any. */
        Optional<Claim> firstConflicting(Claim claim) {
            if (all.isEmpty()) {
                return Optional.empty();
            }
            if (!claim.isWeb()) {
                return Optional.of(all.get(0)); // a TCP or UDP port belongs to one claim only
            }
            int first = Integer.MAX_VALUE;
            first = earliest(first, firstDirect);
            first = earliest(first, firstOfKind.getOrDefault(claim.otherWebKind(), -1));
            first = earliest(first, firstOfServiceAndKind.getOrDefault(serviceKey(claim), -1));
            if (claim.service().trafficMatches().isEmpty()) {
                first = earliest(first, firstOfKind.getOrDefault(claim.kind(), -1));
            } else {
                first = earliest(first, firstWithoutHosts.getOrDefault(claim.kind(), -1));
                for (String host : claim.service().trafficMatches()) {
                    first = earliest(first, firstOfHost.getOrDefault(hostKey(claim.kind(), host), -1));
                }
            }
            return first == Integer.MAX_VALUE ? Optional.empty() : Optional.of(all.get(first));
        }

        void add(Claim claim) {
            int index = all.size();
            all.add(claim);
            if (!claim.isWeb()) {
                if (firstDirect < 0) {
                    firstDirect = index;
                }
                return;
            }
            firstOfKind.putIfAbsent(claim.kind(), index);
            firstOfServiceAndKind.putIfAbsent(serviceKey(claim), index);
            if (claim.service().trafficMatches().isEmpty()) {
                firstWithoutHosts.putIfAbsent(claim.kind(), index);
            }
            for (String host : claim.service().trafficMatches()) {
                firstOfHost.putIfAbsent(hostKey(claim.kind(), host), index);
            }
        }

        private static int earliest(int current, int candidate) {
            return candidate >= 0 && candidate < current ? candidate : current;
        }

        private static String serviceKey(Claim claim) {
            // Services are compared by identity in conflicts(); names are unique within a definition.
            return claim.service().name() + "/" + claim.kind();
        }

        private static String hostKey(String kind, String host) {
            return kind + "/" + host.toLowerCase(Locale.ROOT);
        }
    }

    /** Reports and returns true when {@code claim} cannot coexist with the earlier {@code other}. */
    private boolean conflicts(Claim claim, Claim other) {
        String label = claim.kind.toUpperCase(Locale.ROOT) + " port " + claim.port;
        boolean sameService = claim.service == other.service;
        String owner = sameService ? "by " + other.path : "by service '" + other.service.name() + "' ("
                + other.path + ")";
        if (sameService && claim.kind.equals(other.kind)) {
            report.error(claim.path, "external " + label + " is already used " + owner,
                    "one external port leads to one container port");
            return true;
        }
        if (claim.kind.equals("tcp") || claim.kind.equals("udp") || other.kind.equals("tcp") || other.kind.equals("udp")) {
            report.error(claim.path, "external " + label + " is also claimed as " + other.kind.toUpperCase(Locale.ROOT)
                    + " " + owner, "a TCP or UDP port is bound directly and belongs to one service; pick another port");
            return true;
        }
        if (!claim.kind.equals(other.kind)) {
            report.error(claim.path, "external " + label + " is also claimed as " + other.kind.toUpperCase(Locale.ROOT)
                    + " " + owner, "one port cannot serve both HTTP and HTTPS");
            return true;
        }
        return sharedWebPortConflict(claim, other, label);
    }

    private boolean sharedWebPortConflict(Claim claim, Claim other, String label) {
        List<String> mine = claim.service.trafficMatches();
        List<String> theirs = other.service.trafficMatches();
        String owner = "service '" + other.service.name() + "'";
        if (mine.isEmpty() || theirs.isEmpty()) {
            report.error(claim.path, "external " + label + " is also claimed by " + owner
                            + " and not both services have traffic_matches",
                    "services sharing a web port need distinct traffic_matches host names");
            return true;
        }
        Set<String> hosts = new HashSet<>();
        theirs.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        for (String host : mine) {
            if (hosts.contains(host.toLowerCase(Locale.ROOT))) {
                report.error(claim.path, "external " + label + " is also claimed by " + owner
                                + " and both services match host '" + host + "'",
                        "services sharing a web port need distinct traffic_matches host names");
                return true;
            }
        }
        return false;
    }
}
