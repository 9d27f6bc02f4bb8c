package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose {@code ports} and {@code expose} to service.yml {@code ports}, always in the long form
 * ({@code container}, {@code http}, {@code https}, {@code tcp}, {@code udp}) because service.yml's
 * short form reads {@code "80:8000"} the other way round from compose.
 *
 * <p>The rule for a published port: UDP stays {@code udp}; otherwise {@code app_protocol: http|https}
 * decides, else 80 and 8080 become {@code http}, 443 and 8443 {@code https}, and any other port
 * {@code tcp}. A port published only on a loopback address ({@code 127.0.0.1:5432:5432}) was
 * private in compose and stays internal. Mappings of one container port are merged into one entry.
 */
final class PortConverter {

    /** A range longer than this is almost surely a mistake and would flood the service.yml. */
    static final int MAX_RANGE = 100;

    private static final Pattern RANGE = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    private final ConversionNotes notes;
    private final ComposeValues values;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    PortConverter(ConversionNotes notes, ComposeValues values) {
        this.notes = notes;
        this.values = values;
    }

    /** One compose port request after parsing, before it is merged. */
    record Request(int container, Integer published, String protocol, String hostIp, String appProtocol) {}

    /** One service.yml port entry being assembled. */
    private static final class Entry {
        final int container;
        Integer http;
        Integer https;
        Integer tcp;
        Integer udp;

        Entry(int container) {
            this.container = container;
        }

        YamlOut.Map toYaml() {
            YamlOut.Map map = new YamlOut.Map().put("container", container);
            if (http != null) {
                map.put("http", http);
            }
            if (https != null) {
                map.put("https", https);
            }
            if (tcp != null) {
                map.put("tcp", tcp);
            }
            if (udp != null) {
                map.put("udp", udp);
            }
            return map;
        }
    }

    void ports(YamlNode node, String path) {
        Binder binder = notes.binder();
        binder.sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String itemPath = KeyPaths.index(path, i);
                List<Request> requests = item instanceof ScalarNode
                        ? shortForm(item, itemPath)
                        : longForm(item, itemPath);
                requests.forEach(request -> add(request, item, itemPath));
            }
        });
    }

    void expose(YamlNode node, String path) {
        notes.binder().sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String itemPath = KeyPaths.index(path, i);
                values.literal(item, itemPath).ifPresent(text -> {
                    String[] protocolSplit = text.strip().split("/", 2);
                    Optional<String> protocol = protocol(protocolSplit, item, itemPath);
                    if (protocol.isEmpty()) {
                        return;
                    }
                    range(protocolSplit[0], item, itemPath).ifPresent(ports -> {
                        if (ports.size() > MAX_RANGE) {
                            notes.notConverted(itemPath, tooLong(ports.size()));
                            return;
                        }
                        ports.forEach(port -> entries.computeIfAbsent(port, Entry::new));
                    });
                });
            }
        });
    }

    YamlOut.Seq toYaml() {
        YamlOut.Seq seq = new YamlOut.Seq();
        entries.values().forEach(entry -> seq.add(entry.toYaml()));
        return seq;
    }

    private void add(Request request, YamlNode at, String path) {
        Entry entry = entries.computeIfAbsent(request.container(), Entry::new);
        if (request.published() == null) {
            return;
        }
        if (request.hostIp() != null && isLoopback(request.hostIp())) {
            notes.warning(at, path, "published only on " + request.hostIp()
                    + " in compose; kept internal (container port " + request.container() + ")");
            return;
        }
        if (request.hostIp() != null && !isWildcard(request.hostIp())) {
            notes.warning(at, path, "published only on " + request.hostIp()
                    + " in compose; Maestro exposes the port on every node");
        }
        int published = request.published();
        String kind = kind(request);
        Integer taken = switch (kind) {
            case "udp" -> entry.udp;
            case "http" -> entry.http;
            case "https" -> entry.https;
            default -> entry.tcp;
        };
        if (taken != null) {
            notes.notConverted(path, "container port " + request.container() + " already has " + kind + " port "
                    + taken + "; service.yml maps one " + kind + " port per container port");
            return;
        }
        switch (kind) {
            case "udp" -> entry.udp = published;
            case "http" -> entry.http = published;
            case "https" -> entry.https = published;
            default -> entry.tcp = published;
        }
    }

    private static String kind(Request request) {
        if (request.protocol().equals("udp")) {
            return "udp";
        }
        if (request.appProtocol() != null) {
            String app = request.appProtocol().toLowerCase(Locale.ROOT);
            if (app.equals("http") || app.equals("https")) {
                return app;
            }
        }
        return switch (request.published()) {
            case 80, 8080 -> "http";
            case 443, 8443 -> "https";
            default -> "tcp";
        };
    }

    /** {@code [[HOST_IP:][HOST_PORTS]:]CONTAINER_PORTS[/PROTOCOL]}, ports possibly ranges. */
    private List<Request> shortForm(YamlNode item, String path) {
        Optional<String> text = values.literal(item, path);
        if (text.isEmpty()) {
            return List.of();
        }
        String spec = text.get().strip();
        String[] protocolSplit = spec.split("/", 2);
        Optional<String> protocol = protocol(protocolSplit, item, path);
        if (protocol.isEmpty()) {
            return List.of();
        }
        String addressAndPorts = protocolSplit[0];
        String hostIp = null;
        if (addressAndPorts.startsWith("[")) {
            int close = addressAndPorts.indexOf("]:");
            if (close < 0) {
                notes.error(item, path, "expected [IPV6]:HOST:CONTAINER, got " + Binder.quote(spec));
                return List.of();
            }
            hostIp = addressAndPorts.substring(1, close);
            addressAndPorts = addressAndPorts.substring(close + 2);
        }
        List<String> parts = List.of(addressAndPorts.split(":", -1));
        String hostPorts;
        String containerPorts;
        switch (parts.size()) {
            case 1 -> {
                hostPorts = "";
                containerPorts = parts.get(0);
            }
            case 2 -> {
                hostPorts = parts.get(0);
                containerPorts = parts.get(1);
            }
            default -> {
                if (hostIp != null) {
                    notes.error(item, path, "expected [IPV6]:HOST:CONTAINER, got " + Binder.quote(spec));
                    return List.of();
                }
                hostIp = String.join(":", parts.subList(0, parts.size() - 2));
                hostPorts = parts.get(parts.size() - 2);
                containerPorts = parts.get(parts.size() - 1);
            }
        }
        Optional<List<Integer>> containers = range(containerPorts, item, path);
        Optional<List<Integer>> published = hostPorts.isEmpty() ? Optional.of(List.of()) : range(hostPorts, item, path);
        if (containers.isEmpty() || published.isEmpty()) {
            return List.of();
        }
        return pair(containers.get(), published.get(), protocol.get(), hostIp, null, item, path);
    }

    private List<Request> longForm(YamlNode item, String path) {
        MapReader port = notes.binder().fields(ComposeConverter.withoutExtensions(item), path, ComposeKeys.PORT);
        if (!port.valid()) {
            return List.of();
        }
        if (!port.has("target")) {
            notes.error(item, path, "expected a 'target' (the container port) in the long port syntax");
            return List.of();
        }
        Optional<Integer> target = port.get("target")
                .flatMap(node -> values.literal(node, port.pathOf("target"))
                        .flatMap(text -> notes.binder().parsePort(text.strip(), node, port.pathOf("target"))));
        Optional<List<Integer>> published = Optional.of(List.of());
        if (port.has("published")) {
            YamlNode node = port.get("published").orElseThrow();
            Optional<String> text = values.literal(node, port.pathOf("published"));
            published = text.isEmpty() ? Optional.empty()
                    : text.get().isBlank() ? Optional.of(List.of()) : range(text.get().strip(), node, port.pathOf("published"));
        }
        Optional<String> protocol = port.get("protocol")
                .flatMap(node -> values.literal(node, port.pathOf("protocol"))
                        .flatMap(text -> protocol(new String[] {"", text}, node, port.pathOf("protocol"))))
                .or(() -> port.has("protocol") ? Optional.empty() : Optional.of("tcp"));
        Optional<String> hostIp = port.get("host_ip").flatMap(node -> values.literal(node, port.pathOf("host_ip")));
        Optional<String> appProtocol = port.get("app_protocol")
                .flatMap(node -> values.literal(node, port.pathOf("app_protocol")));
        port.get("mode").ifPresent(node -> values.literal(node, port.pathOf("mode")));
        port.get("name").ifPresent(node -> notes.notConverted(port.pathOf("name"), "port names are generated"));
        if (target.isEmpty() || published.isEmpty() || protocol.isEmpty()) {
            return List.of();
        }
        return pair(List.of(target.get()), published.get(), protocol.get(), hostIp.orElse(null),
                appProtocol.orElse(null), item, path);
    }

    /** Pairs container and published ports: equal-length ranges pair up, one port takes a range's first. */
    private List<Request> pair(List<Integer> containers, List<Integer> published, String protocol, String hostIp,
            String appProtocol, YamlNode item, String path) {
        if (containers.size() > MAX_RANGE || published.size() > MAX_RANGE) {
            notes.notConverted(path, tooLong(Math.max(containers.size(), published.size())));
            return List.of();
        }
        List<Request> requests = new ArrayList<>();
        if (published.isEmpty()) {
            containers.forEach(c -> requests.add(new Request(c, null, protocol, hostIp, appProtocol)));
        } else if (published.size() == containers.size()) {
            for (int i = 0; i < containers.size(); i++) {
                requests.add(new Request(containers.get(i), published.get(i), protocol, hostIp, appProtocol));
            }
        } else if (containers.size() == 1) {
            // Compose picks any free port of the host range; service.yml needs one: take the first.
            notes.warning(item, path, "compose publishes container port " + containers.get(0)
                    + " on any free port of " + published.get(0) + "-" + published.get(published.size() - 1)
                    + "; converted to port " + published.get(0));
            requests.add(new Request(containers.get(0), published.get(0), protocol, hostIp, appProtocol));
        } else {
            notes.error(item, path, "the published range has " + published.size()
                    + " ports but the container range has " + containers.size());
        }
        return requests;
    }

    private Optional<String> protocol(String[] protocolSplit, YamlNode at, String path) {
        if (protocolSplit.length < 2) {
            return Optional.of("tcp");
        }
        String protocol = protocolSplit[1].strip().toLowerCase(Locale.ROOT);
        if (protocol.equals("tcp") || protocol.equals("udp")) {
            return Optional.of(protocol);
        }
        if (protocol.equals("sctp")) {
            notes.notConverted(path, "SCTP ports are not supported; service.yml has tcp and udp");
            return Optional.empty();
        }
        notes.error(at, path, "expected the protocol tcp or udp, got " + Binder.quote(protocolSplit[1]));
        return Optional.empty();
    }

    private Optional<List<Integer>> range(String text, YamlNode at, String path) {
        Matcher matcher = RANGE.matcher(text.strip());
        if (!matcher.matches()) {
            notes.error(at, path, "expected a port number between 1 and 65535 or a range such as 8000-8010, got "
                    + Binder.quote(text));
            return Optional.empty();
        }
        Optional<Integer> first = notes.binder().parsePort(matcher.group(1), at, path);
        Optional<Integer> last = matcher.group(2) == null ? first : notes.binder().parsePort(matcher.group(2), at, path);
        if (first.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        if (last.get() < first.get()) {
            notes.error(at, path, "expected a range from a lower to a higher port, got " + Binder.quote(text));
            return Optional.empty();
        }
        List<Integer> ports = new ArrayList<>();
        for (int port = first.get(); port <= last.get(); port++) {
            ports.add(port);
        }
        return Optional.of(ports);
    }

    private static String tooLong(int size) {
        return "a range of " + size + " ports; convert at most " + MAX_RANGE + " ports per range, or list them";
    }

    private static boolean isWildcard(String hostIp) {
        String ip = hostIp.strip();
        return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }

    private static boolean isLoopback(String hostIp) {
        String ip = hostIp.strip().toLowerCase(Locale.ROOT);
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("localhost");
    }
}
