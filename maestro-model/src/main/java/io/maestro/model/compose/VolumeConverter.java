package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compose {@code volumes}, {@code tmpfs} and {@code shm_size} to service.yml {@code volumes}.
 *
 * <ul>
 *   <li>an absolute host path stays in the short form {@code "/host:/container[:ro]"};
 *   <li>a named volume becomes a long-form mount with {@code persistent_volume_claim: {size: 1Gi}}
 *       (a Maestro extension), reported through {@link NamedVolumes};
 *   <li>an anonymous volume becomes an {@code empty_dir}, a tmpfs an {@code empty_dir} with
 *       {@code medium: Memory}, and {@code shm_size} a memory {@code empty_dir} at /dev/shm;
 *   <li>a relative host path ({@code ./data}) means nothing on a cluster node and is not converted.
 * </ul>
 */
final class VolumeConverter {

    /** The claim size written for every named volume: the user is told to check it. */
    static final String DEFAULT_CLAIM_SIZE = "1Gi";

    private static final Map<String, String> PROPAGATION = Map.of(
            "private", "None", "rprivate", "None",
            "slave", "HostToContainer", "rslave", "HostToContainer",
            "shared", "Bidirectional", "rshared", "Bidirectional");

    private final ConversionNotes notes;
    private final ComposeValues values;
    private final NamedVolumes namedVolumes;
    private final String serviceName;
    private final YamlOut.Seq out = new YamlOut.Seq();

    VolumeConverter(ConversionNotes notes, ComposeValues values, NamedVolumes namedVolumes, String serviceName) {
        this.notes = notes;
        this.values = values;
        this.namedVolumes = namedVolumes;
        this.serviceName = serviceName;
    }

    /** A mount being assembled. */
    private record Mount(String target, boolean readOnly, String subPath, String propagation) {}

    YamlOut.Seq toYaml() {
        return out;
    }

    void volumes(YamlNode node, String path) {
        notes.binder().sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String itemPath = KeyPaths.index(path, i);
                if (item instanceof ScalarNode) {
                    shortForm(item, itemPath);
                } else {
                    longForm(item, itemPath);
                }
            }
        });
    }

    void tmpfs(YamlNode node, String path) {
        List<YamlNode> items = notes.binder().items(node, path);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = node instanceof ScalarNode ? path : KeyPaths.index(path, i);
            values.literal(item, itemPath).ifPresent(text -> {
                // "/run:size=64m,mode=1777": only the size has a service.yml meaning.
                String[] split = text.strip().split(":", 2);
                String sizeLimit = null;
                if (split.length == 2) {
                    for (String option : split[1].split(",")) {
                        if (option.strip().startsWith("size=")) {
                            sizeLimit = memory(option.strip().substring("size=".length()), item, itemPath).orElse(null);
                        }
                    }
                }
                if (absolute(split[0], item, itemPath)) {
                    addEmptyDir(new Mount(split[0], false, null, null), "Memory", sizeLimit);
                }
            });
        }
    }

    void shmSize(YamlNode node, String path) {
        values.literal(node, path).flatMap(text -> memory(text, node, path))
                .ifPresent(size -> addEmptyDir(new Mount("/dev/shm", false, null, null), "Memory", size));
    }

    private void shortForm(YamlNode item, String path) {
        Optional<String> text = values.literal(item, path);
        if (text.isEmpty()) {
            return;
        }
        String spec = text.get().strip();
        String[] parts = spec.split(":", -1);
        if (parts.length > 3) {
            notes.error(item, path, "expected SOURCE:TARGET[:MODE], got " + Binder.quote(spec));
            return;
        }
        if (parts.length == 1) {
            if (absolute(parts[0], item, path)) {
                anonymous(new Mount(parts[0], false, null, null), item, path);
            }
            return;
        }
        String source = parts[0];
        String target = parts[1];
        boolean readOnly = false;
        String propagation = null;
        if (parts.length == 3) {
            for (String mode : parts[2].split(",")) {
                String option = mode.strip();
                if (option.equals("ro")) {
                    readOnly = true;
                } else if (PROPAGATION.containsKey(option)) {
                    propagation = PROPAGATION.get(option);
                } else if (!List.of("rw", "z", "Z", "nocopy", "consistent", "cached", "delegated").contains(option)) {
                    notes.error(item, path, "expected the mode ro or rw (optionally with z, Z, nocopy or a"
                            + " propagation), got " + Binder.quote(parts[2]));
                    return;
                }
            }
        }
        if (!absolute(target, item, path)) {
            return;
        }
        Mount mount = new Mount(target, readOnly, null, propagation);
        if (source.startsWith("/")) {
            hostPath(source, mount);
        } else if (source.startsWith(".") || source.startsWith("~")) {
            relativeHostPath(source, path);
        } else {
            named(source, mount, item, path);
        }
    }

    private void longForm(YamlNode item, String path) {
        MapReader volume = notes.binder().fields(ComposeConverter.withoutExtensions(item), path, ComposeKeys.VOLUME);
        if (!volume.valid()) {
            return;
        }
        Optional<String> type = volume.get("type").flatMap(node -> values.literal(node, volume.pathOf("type")));
        Optional<String> target = volume.get("target").flatMap(node -> values.literal(node, volume.pathOf("target")));
        Optional<String> source = volume.get("source").flatMap(node -> values.literal(node, volume.pathOf("source")));
        boolean readOnly = volume.bool("read_only").orElse(false);
        if (volume.has("consistency")) {
            volume.string("consistency");
        }
        if (!volume.has("type")) {
            notes.error(item, path, "expected a 'type' (bind, volume or tmpfs) in the long volume syntax");
            return;
        }
        if (!volume.has("target")) {
            notes.error(item, path, "expected a 'target' (the path in the container) in the long volume syntax");
            return;
        }
        if (type.isEmpty() || target.isEmpty() || !absolute(target.get(), volume.get("target").orElseThrow(),
                volume.pathOf("target"))) {
            return;
        }
        switch (type.get()) {
            case "bind" -> {
                MapReader bind = section(volume, "bind", ComposeKeys.VOLUME);
                String propagation = bind.get("propagation")
                        .flatMap(node -> values.literal(node, bind.pathOf("propagation")))
                        .map(value -> {
                            String mapped = PROPAGATION.get(value);
                            if (mapped == null) {
                                notes.error(bind.get("propagation").orElseThrow(), bind.pathOf("propagation"),
                                        "expected one of " + String.join(", ", PROPAGATION.keySet().stream().sorted()
                                                .toList()) + ", got " + Binder.quote(value));
                            }
                            return mapped;
                        }).orElse(null);
                bind.bool("create_host_path");
                bind.get("selinux").ifPresent(node -> values.literal(node, bind.pathOf("selinux")));
                if (source.isEmpty()) {
                    if (!volume.has("source")) {
                        notes.error(item, path, "expected a 'source' (the host path) for a bind mount");
                    }
                    return;
                }
                Mount mount = new Mount(target.get(), readOnly, null, propagation);
                if (source.get().startsWith("/")) {
                    hostPath(source.get(), mount);
                } else {
                    relativeHostPath(source.get(), volume.pathOf("source"));
                }
            }
            case "volume" -> {
                MapReader options = section(volume, "volume", ComposeKeys.VOLUME);
                options.bool("nocopy");
                String subPath = options.get("subpath")
                        .flatMap(node -> values.literal(node, options.pathOf("subpath"))).orElse(null);
                Mount mount = new Mount(target.get(), readOnly, subPath, null);
                if (source.isPresent() && !source.get().isBlank()) {
                    named(source.get(), mount, item, path);
                } else {
                    anonymous(mount, item, path);
                }
            }
            case "tmpfs" -> {
                MapReader options = section(volume, "tmpfs", ComposeKeys.VOLUME);
                String size = options.get("size")
                        .flatMap(node -> values.literal(node, options.pathOf("size"))
                                .flatMap(text -> memory(text, node, options.pathOf("size"))))
                        .orElse(null);
                options.get("mode").ifPresent(node -> values.literal(node, options.pathOf("mode")));
                addEmptyDir(new Mount(target.get(), readOnly, null, null), "Memory", size);
            }
            case "npipe" -> notes.notConverted(path, "Windows named pipes do not apply to Kubernetes");
            case "image" -> notes.notConverted(path, "image volumes are not supported; copy the files into the image");
            case "cluster" -> notes.notConverted(path, "cluster volumes are a Swarm feature; use a named volume");
            default -> notes.error(volume.get("type").orElseThrow(), volume.pathOf("type"),
                    "expected one of bind, volume, tmpfs, npipe, image, cluster, got " + Binder.quote(type.get()));
        }
    }

    /** A nested options map of the long syntax ({@code bind}, {@code volume}, {@code tmpfs}). */
    private MapReader section(MapReader volume, String key, KeySpec parent) {
        KeySpec spec = parent.child(key).orElseThrow();
        YamlNode node = volume.get(key).map(ComposeConverter::withoutExtensions)
                .orElseGet(() -> new MappingNode(List.of(), volume.node().position()));
        return notes.binder().fields(node, volume.pathOf(key), spec);
    }

    private void hostPath(String source, Mount mount) {
        if (mount.propagation() == null && mount.subPath() == null && !source.contains(":")) {
            out.add(source + ":" + mount.target() + (mount.readOnly() ? ":ro" : ""));
            return;
        }
        YamlOut.Map map = mountMap(mount);
        map.child("host_path").put("path", source);
        out.add(map);
    }

    private void named(String name, Mount mount, YamlNode at, String path) {
        if (!namedVolumes.declared(name)) {
            notes.error(at, path, "volume " + Binder.quote(name)
                    + " is not declared under the top-level volumes; declare it, or write a path (./" + name
                    + " or /" + name + ") for a host directory");
            return;
        }
        namedVolumes.used(name, serviceName, at, path);
        YamlOut.Map map = mountMap(mount);
        map.child("persistent_volume_claim").put("size", DEFAULT_CLAIM_SIZE);
        out.add(map);
    }

    private void anonymous(Mount mount, YamlNode at, String path) {
        notes.warning(at, path, "an anonymous volume becomes an empty_dir: scratch space whose data is lost"
                + " when the pod is replaced");
        addEmptyDir(mount, null, null);
    }

    private void relativeHostPath(String source, String path) {
        notes.notConverted(path, "the relative host path " + Binder.quote(source)
                + " means nothing on a cluster node; use an absolute path or a named volume");
    }

    private void addEmptyDir(Mount mount, String medium, String sizeLimit) {
        YamlOut.Map map = mountMap(mount);
        YamlOut.Map emptyDir = map.child("empty_dir");
        if (medium != null) {
            emptyDir.put("medium", medium);
        }
        if (sizeLimit != null) {
            emptyDir.put("size_limit", sizeLimit);
        }
        out.add(map);
    }

    private static YamlOut.Map mountMap(Mount mount) {
        YamlOut.Map map = new YamlOut.Map().put("mount_path", mount.target());
        if (mount.readOnly()) {
            map.put("read_only", true);
        }
        if (mount.subPath() != null) {
            map.put("sub_path", mount.subPath());
        }
        if (mount.propagation() != null) {
            map.put("mount_propagation", mount.propagation());
        }
        return map;
    }

    private boolean absolute(String target, YamlNode at, String path) {
        if (target.startsWith("/")) {
            return true;
        }
        notes.error(at, path, "expected an absolute path in the container, got " + Binder.quote(target));
        return false;
    }

    private Optional<String> memory(String text, YamlNode at, String path) {
        Optional<Long> bytes = ComposeUnits.bytes(text);
        if (bytes.isEmpty()) {
            notes.error(at, path, "expected a size such as 64m or 1g, got " + Binder.quote(text));
        }
        return bytes.map(ComposeUnits::kubernetesMemory);
    }
}
