package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds a data store component ({@code postgresql}, {@code mysql}, ...) with its groups. */
final class DataStoreBinder {

    private static final Map<String, String> MYSQL_ENGINES = ServerBinder.spellings("mysql", "percona");
    private static final Map<String, String> DISK_TYPES = ServerBinder.spellings("ssd", "magnetic");
    private static final Set<String> TYPED_KEYS =
            Set.of("version", "engine", "encoding", "postgis", "memory", "port", "listen_ip", "root_disk_size", "root_disk_type");

    private final Binder binder;
    private final ServerBinder servers;

    DataStoreBinder(Binder binder, ServerBinder servers) {
        this.binder = binder;
        this.servers = servers;
    }

    DataStoreComponent bind(DatabaseKind kind, MapReader component) {
        DataStoreConfiguration configuration = component.has("configuration")
                ? configuration(component.fields("configuration"), configurationSpec(kind))
                : DataStoreConfiguration.EMPTY;
        List<ServerRef> placement = servers.servers(component);
        Map<String, DataStoreGroup> groups = Map.of();
        Optional<KeySpec> groupSpec = ManifestKeys.ENVIRONMENT.child(kind.key())
                .flatMap(spec -> spec.child("groups")).flatMap(spec -> spec.child("*"));
        // Stores without groups (memcached, rabbitmq) have had a 'groups' key reported as unknown already.
        if (component.has("groups") && groupSpec.isPresent()) {
            groups = groups(kind, component.get("groups").orElseThrow(), component.pathOf("groups"), groupSpec.get());
            if (!groups.isEmpty()) {
                for (String ignored : List.of("configuration", "servers")) {
                    component.keyNode(ignored).ifPresent(key -> binder.warning(key, component.pathOf(ignored),
                            "ignored because 'groups' is set", "move it into a group, e.g. groups.default"));
                }
            }
        }
        return new DataStoreComponent(kind, configuration, placement, groups);
    }

    private Map<String, DataStoreGroup> groups(DatabaseKind kind, YamlNode node, String path, KeySpec groupSpec) {
        Optional<MappingNode> map = binder.mapping(node, path);
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<String, DataStoreGroup> groups = new LinkedHashMap<>();
        String primary = map.get().has(DataStoreComponent.DEFAULT_GROUP) ? DataStoreComponent.DEFAULT_GROUP
                : map.get().entries().stream().findFirst().map(MappingNode.Entry::name).orElse(null);
        for (MappingNode.Entry entry : map.get().entries()) {
            String groupPath = KeyPaths.child(path, entry.name());
            // The group's name is what its rules talk about: point at the name, not the value.
            binder.record(groupPath, entry.key());
            MapReader group = binder.fields(entry.value(), groupPath, groupSpec);
            if (!group.valid()) {
                continue;
            }
            DataStoreConfiguration configuration = group.has("configuration")
                    ? configuration(group.fields("configuration"), configurationSpec(kind))
                    : DataStoreConfiguration.EMPTY;
            groups.put(entry.name(), new DataStoreGroup(entry.name(), configuration, servers.servers(group),
                    entry.name().equals(primary)));
        }
        return groups;
    }

    private DataStoreConfiguration configuration(MapReader c, KeySpec spec) {
        OtherValues other = new OtherValues(binder);
        boolean postgis = false;
        Optional<YamlNode> postgisNode = c.get("postgis");
        if (postgisNode.isPresent()) {
            if (postgisNode.get() instanceof MappingNode) {
                MapReader options = c.fields("postgis");
                postgis = true;
                options.get("version").ifPresent(v -> other.add("postgis.version", v, options.pathOf("version")));
            } else {
                postgis = c.bool("postgis").orElse(false);
            }
        }
        c.integer("root_disk_size", 1, 65536).ifPresent(size -> other.put("root_disk_size", size.toString()));
        c.oneOf("root_disk_type", DISK_TYPES).ifPresent(type -> other.put("root_disk_type", type));
        for (MappingNode.Entry entry : c.node().entries()) {
            if (!TYPED_KEYS.contains(entry.name()) && spec.child(entry.name()).isPresent()) {
                other.add(entry.name(), entry.value(), c.pathOf(entry.name()));
            }
        }
        return new DataStoreConfiguration(
                c.nonEmptyString("version").orElse(null),
                c.oneOf("engine", MYSQL_ENGINES).orElse(null),
                c.nonEmptyString("encoding").orElse(null),
                postgis,
                c.integer("memory", 1, 1_048_576).orElse(null),
                c.port("port").orElse(null),
                listenIp(c).orElse(null),
                other.values());
    }

    private Optional<String> listenIp(MapReader c) {
        Optional<String> ip = c.nonEmptyString("listen_ip").map(String::strip);
        if (ip.isPresent() && !NetworkNames.isIpAddress(ip.get())) {
            binder.error(c.get("listen_ip").orElseThrow(), c.pathOf("listen_ip"),
                    "expected an IP address, got " + Binder.quote(ip.get()));
            return Optional.empty();
        }
        return ip;
    }

    private static KeySpec configurationSpec(DatabaseKind kind) {
        return ManifestKeys.ENVIRONMENT.child(kind.key()).flatMap(spec -> spec.child("configuration")).orElseThrow();
    }
}
