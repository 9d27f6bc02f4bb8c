package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a component's {@code servers} list: each {@code - server:} entry becomes a
 * {@link ServerRef.Server}, {@link ServerRef.SameAs} or {@link ServerRef.External}. Cross-entry
 * rules (names, same_as targets, vendors) belong to validation, which sees every component.
 */
final class ServerBinder {

    static final Map<String, String> VENDORS = spellings("aws", "azure_rm", "azure", "digitalocean", "googlecloud",
            "hetzner", "linode", "maxihost", "ovh", "packet", "rackspace", "vultr");
    private static final Map<String, String> DISK_TYPES = spellings("ssd", "magnetic");
    private static final Map<String, ServerRef.NodeRole> ROLES = roles();
    private static final Set<String> EXTERNAL_KEYS = Set.of("external", "address", "port");
    private static final Set<String> SAME_AS_KEYS = Set.of("same_as", "unique_name", "external");

    private final Binder binder;

    ServerBinder(Binder binder) {
        this.binder = binder;
    }

    /** The component's {@code servers}, or an empty list when it has none. */
    List<ServerRef> servers(MapReader component) {
        Optional<YamlNode> node = component.get("servers");
        if (node.isEmpty()) {
            return List.of();
        }
        String path = component.pathOf("servers");
        List<ServerRef> servers = new ArrayList<>();
        binder.sequence(node.get(), path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                entry(list.items().get(i), KeyPaths.index(path, i)).ifPresent(servers::add);
            }
        });
        return servers;
    }

    private Optional<ServerRef> entry(YamlNode item, String itemPath) {
        if (item instanceof MappingNode map && !map.has("server")
                && map.entries().stream().anyMatch(e -> ManifestKeys.SERVER.child(e.name()).isPresent())) {
            // A common slip: "- unique_name: x" instead of "- server: {unique_name: x}". One clear error, not one per key.
            binder.record(itemPath, item);
            binder.error(item, itemPath, "expected the server's keys under 'server:', got them directly in the list item",
                    "write '- server: {unique_name: ...}'");
            return Optional.empty();
        }
        MapReader entry = binder.fields(item, itemPath, ManifestKeys.SERVERS);
        if (!entry.valid()) {
            return Optional.empty();
        }
        Optional<YamlNode> server = entry.get("server");
        if (server.isEmpty()) {
            if (entry.node().isEmpty()) {
                binder.error(item, itemPath, "expected a 'server' entry, got an empty map");
            }
            return Optional.empty(); // otherwise only unknown keys, already reported with a did-you-mean
        }
        String serverPath = entry.pathOf("server");
        YamlNode value = server.get();
        if (value instanceof ScalarNode scalar && !scalar.isNull()) {
            if (scalar.text().strip().equalsIgnoreCase("external")) {
                return Optional.of(new ServerRef.External(null, null));
            }
            binder.error(value, serverPath, "expected a server map or 'external', got " + Binder.describe(value));
            return Optional.empty();
        }
        if (!(value instanceof MappingNode)) {
            binder.error(value, serverPath, "expected a server map or 'external', got " + Binder.describe(value));
            return Optional.empty();
        }
        return Optional.of(server(binder.fields(value, serverPath, ManifestKeys.SERVER)));
    }

    private ServerRef server(MapReader server) {
        if (server.bool("external").orElse(false)) {
            return external(server);
        }
        server.keyNode("port").ifPresent(key -> binder.error(key, server.pathOf("port"),
                "applies only to an external data store (external: true)", "the SSH port of a machine is ssh.port"));
        if (server.has("same_as")) {
            return sameAs(server);
        }
        String uniqueName = server.nonEmptyString("unique_name").orElse("");
        return new ServerRef.Server(
                uniqueName,
                server.oneOf("vendor", VENDORS).orElse(null),
                server.nonEmptyString("key_name").orElse(null),
                server.nonEmptyString("region").orElse(null),
                server.nonEmptyString("size").orElse(null),
                server.integer("root_disk_size", 1, 65536).orElse(null),
                server.oneOf("root_disk_type", DISK_TYPES).orElse(null),
                server.nonEmptyString("subnet_id").orElse(null),
                server.nonEmptyString("availability_zone").orElse(null),
                address(server).orElse(null),
                ssh(server).orElse(null),
                server.oneOf("role", ROLES).orElse(null),
                server.stringList("tags", true));
    }

    private ServerRef external(MapReader server) {
        for (MappingNode.Entry entry : server.node().entries()) {
            if (!EXTERNAL_KEYS.contains(entry.name()) && ManifestKeys.SERVER.child(entry.name()).isPresent()) {
                binder.error(entry.key(), server.pathOf(entry.name()), "does not apply to an external server",
                        "an external server takes only address and port");
            }
        }
        return new ServerRef.External(address(server).orElse(null), server.port("port").orElse(null));
    }

    private ServerRef sameAs(MapReader server) {
        for (MappingNode.Entry entry : server.node().entries()) {
            if (!SAME_AS_KEYS.contains(entry.name()) && ManifestKeys.SERVER.child(entry.name()).isPresent()) {
                binder.error(entry.key(), server.pathOf(entry.name()), "cannot be combined with same_as",
                        "the shared server is configured where it is defined");
            }
        }
        String target = server.nonEmptyString("same_as").orElse("");
        return new ServerRef.SameAs(target, server.nonEmptyString("unique_name").orElse(null));
    }

    private Optional<String> address(MapReader server) {
        Optional<String> address = server.nonEmptyString("address").map(String::strip);
        if (address.isPresent() && !NetworkNames.isHost(address.get())) {
            binder.error(server.get("address").orElseThrow(), server.pathOf("address"),
                    "expected a host name or IP address, got " + Binder.quote(address.get()));
            return Optional.empty();
        }
        return address;
    }

    private Optional<ServerRef.SshAccess> ssh(MapReader server) {
        if (!server.has("ssh")) {
            return Optional.empty();
        }
        MapReader ssh = server.fields("ssh");
        if (!ssh.valid()) {
            return Optional.empty();
        }
        String user = ssh.nonEmptyString("user").orElse(null);
        if (user != null && !user.matches("[a-z_][a-z0-9_.-]*[$]?")) {
            binder.error(ssh.get("user").orElseThrow(), ssh.pathOf("user"),
                    "expected a login name (lowercase letters, digits, '_', '-', '.'), got " + Binder.quote(user));
        }
        return Optional.of(new ServerRef.SshAccess(user, ssh.port("port").orElse(22), ssh.nonEmptyString("key").orElse(null)));
    }

    private static Map<String, ServerRef.NodeRole> roles() {
        Map<String, ServerRef.NodeRole> map = new LinkedHashMap<>();
        map.put("master", ServerRef.NodeRole.MASTER);
        map.put("worker", ServerRef.NodeRole.WORKER);
        return map;
    }

    static Map<String, String> spellings(String... names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : names) {
            map.put(name, name);
        }
        return map;
    }
}
