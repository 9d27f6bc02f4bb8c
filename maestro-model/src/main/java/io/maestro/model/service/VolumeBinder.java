package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.bind.MapReader;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.service.VolumeMount.DataKind;
import io.maestro.model.service.VolumeMount.DataOrigin;
import io.maestro.model.service.VolumeMount.VolumeSource;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code volumes}: the short string {@code "/host:/container[:ro|rw]"} and the long map with
 * {@code mount_path}, options and exactly one source.
 */
final class VolumeBinder {

    /** Keys of a long-form item that are options of the mount, not its source. */
    private static final Set<String> MOUNT_KEYS = Set.of("mount_path", "read_only", "sub_path", "sub_path_expr",
            "mount_propagation");

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern MEDIUM = Pattern.compile("|Memory|HugePages(-[0-9]+(Ki|Mi|Gi))?");


    private static final Map<String, String> PROPAGATION = Spellings.of(
            "None", "None", "HostToContainer", "HostToContainer", "Bidirectional", "Bidirectional");
    private static final Map<String, String> HOST_PATH_TYPES = Spellings.of(
            "", "", "DirectoryOrCreate", "DirectoryOrCreate", "Directory", "Directory", "FileOrCreate",
            "FileOrCreate", "File", "File", "Socket", "Socket", "CharDevice", "CharDevice", "BlockDevice",
            "BlockDevice");
    private static final Map<String, String> ACCESS_MODES = Spellings.of(
            "ReadWriteOnce", "ReadWriteOnce", "ReadOnlyMany", "ReadOnlyMany", "ReadWriteMany", "ReadWriteMany",
            "ReadWriteOncePod", "ReadWriteOncePod");
    private static final Map<String, DataOrigin> ORIGINS = Spellings.of(
            "config_store", DataOrigin.CONFIG_STORE, "env_vars", DataOrigin.ENV_VARS);

    private final Binder binder;

    VolumeBinder(Binder binder) {
        this.binder = binder;
    }

    List<VolumeMount> bind(YamlNode node, String path) {
        List<VolumeMount> mounts = new ArrayList<>();
        binder.sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                item(list.items().get(i), KeyPaths.index(path, i)).ifPresent(mounts::add);
            }
        });
        return mounts;
    }

    private Optional<VolumeMount> item(YamlNode node, String path) {
        binder.record(path, node);
        if (node instanceof ScalarNode scalar && !scalar.isNull()) {
            return shortForm(scalar, path);
        }
        if (node instanceof MappingNode map) {
            return longForm(map, path);
        }
        binder.error(node, path, "expected a \"/host/path:/container/path[:ro|rw]\" string or a map with "
                + "mount_path, got " + Binder.describe(node));
        return Optional.empty();
    }

    // ---- short form ----------------------------------------------------------------------

    private Optional<VolumeMount> shortForm(ScalarNode scalar, String path) {
        String text = scalar.text().strip();
        List<String> fields = splitOutsideParentheses(text);
        boolean modeOk = fields.size() != 3 || fields.get(2).equals("ro") || fields.get(2).equals("rw");
        if (fields.size() < 2 || fields.size() > 3 || !modeOk || fields.get(0).isBlank() || fields.get(1).isBlank()) {
            binder.error(scalar, path, "expected \"/host/path:/container/path[:ro|rw]\", got " + Binder.quote(text),
                    fields.size() == 1 ? "for scratch space use the long form: {mount_path: " + text
                            + ", empty_dir: {}}" : null);
            return Optional.empty();
        }
        boolean readOnly = fields.size() == 3 && fields.get(2).equals("ro");
        return Optional.of(new VolumeMount(fields.get(1), readOnly, null, null, null,
                new VolumeMount.HostPath(fields.get(0), null)));
    }

    /** Splits on ':' except inside parentheses, so "_env(DATA_DIR:/srv):/data" has two fields. */
    static List<String> splitOutsideParentheses(String text) {
        List<String> fields = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ':' && depth == 0) {
                fields.add(text.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(text.substring(start));
        return fields;
    }

    // ---- long form -----------------------------------------------------------------------

    private Optional<VolumeMount> longForm(MappingNode node, String path) {
        MapReader map = binder.fields(node, path, ServiceYmlKeys.VOLUME);
        if (!map.has("mount_path")) {
            binder.error(node, path, "missing required key 'mount_path' (where the volume appears in the container)");
        }
        Optional<String> mountPath = map.nonEmptyString("mount_path");
        mountPath.filter(p -> p.contains(":")).ifPresent(p -> binder.error(map.get("mount_path").orElseThrow(),
                map.pathOf("mount_path"), "expected a path without ':', got " + Binder.quote(p)));
        boolean readOnly = map.bool("read_only").orElse(false);
        String subPath = map.string("sub_path").orElse(null);
        String subPathExpr = map.string("sub_path_expr").orElse(null);
        String propagation = map.oneOf("mount_propagation", PROPAGATION).orElse(null);

        List<VolumeSource> sources = new ArrayList<>();
        String firstSource = null;
        boolean badKey = false;
        for (MappingNode.Entry entry : node.entries()) {
            String key = entry.name();
            if (MOUNT_KEYS.contains(key)) {
                continue;
            }
            if (isMisspelt(entry, map.pathOf(key))) {
                badKey = true; // it may have been meant as the source: do not also report a missing one
                continue;
            }
            if (firstSource != null) {
                binder.error(entry.key(), map.pathOf(key), "a mount has exactly one source; found both '"
                        + firstSource + "' and '" + key + "'", "use one list item per volume");
                continue;
            }
            firstSource = key; // with a bad value its error is reported by source()
            source(map, entry).ifPresent(sources::add);
        }
        if (firstSource == null && !badKey) {
            binder.error(node, path, "expected exactly one volume source: host_path, secret, config_map, empty_dir, "
                    + "persistent_volume_claim or another Kubernetes volume type in snake_case");
        }
        if (sources.isEmpty() || mountPath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VolumeMount(mountPath.get(), readOnly, subPath, subPathExpr, propagation,
                sources.get(0)));
    }

    private Optional<VolumeSource> source(MapReader map, MappingNode.Entry entry) {
        String key = entry.name();
        String keyPath = map.pathOf(key);
        binder.record(keyPath, entry.value());
        return switch (key) {
            case "host_path" -> hostPath(entry.value(), keyPath);
            case "secret" -> fromData(entry.value(), keyPath, DataKind.SECRET);
            case "config_map" -> fromData(entry.value(), keyPath, DataKind.CONFIG_MAP);
            case "empty_dir" -> emptyDir(entry.value(), keyPath);
            case "persistent_volume_claim" -> persistentClaim(entry.value(), keyPath);
            default -> otherVolume(entry, keyPath);
        };
    }

    private Optional<VolumeSource> hostPath(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, child("host_path"));
        if (!map.has("path")) {
            binder.error(node, path, "missing required key 'path' (the directory on the node)");
        }
        Optional<String> hostPath = map.nonEmptyString("path");
        String type = map.oneOf("type", HOST_PATH_TYPES).orElse(null);
        return hostPath.map(p -> new VolumeMount.HostPath(p, type == null || type.isEmpty() ? null : type));
    }

    private Optional<VolumeSource> fromData(YamlNode node, String path, DataKind kind) {
        MapReader map = binder.fields(node, path, child(kind == DataKind.SECRET ? "secret" : "config_map"));
        if (map.valid() && !map.has("from")) {
            binder.error(node, path, "missing required key 'from' (config_store or env_vars)");
        }
        Optional<DataOrigin> from = map.oneOf("from", ORIGINS);
        String filter = map.string("filter").orElse(null);
        return from.map(f -> new VolumeMount.FromData(kind, f, filter));
    }

    private Optional<VolumeSource> emptyDir(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, child("empty_dir"));
        if (!map.valid()) {
            return Optional.empty();
        }
        String medium = map.string("medium").orElse(null);
        if (medium != null && !MEDIUM.matcher(medium).matches()) {
            binder.error(map.get("medium").orElseThrow(), map.pathOf("medium"),
                    "expected Memory, HugePages or an empty string, got " + Binder.quote(medium));
        }
        String sizeLimit = map.bind("size_limit", this::storageSize).orElse(null);
        return Optional.of(new VolumeMount.EmptyDir(medium == null || medium.isEmpty() ? null : medium, sizeLimit));
    }

    private Optional<VolumeSource> persistentClaim(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, child("persistent_volume_claim"));
        if (!map.valid()) {
            return Optional.empty();
        }
        if (map.has("claim_name")) {
            for (String creating : List.of("size", "storage_class", "access_mode")) {
                map.keyNode(creating).ifPresent(k -> binder.error(k, map.pathOf(creating),
                        "cannot be combined with 'claim_name'",
                        "claim_name mounts an existing claim; size, storage_class and access_mode create one"));
            }
            Optional<String> claim = map.nonEmptyString("claim_name");
            Map<String, Object> spec = new LinkedHashMap<>();
            claim.ifPresent(c -> spec.put("claim_name", c));
            map.bool("read_only").ifPresent(r -> spec.put("read_only", r));
            return claim.map(c -> new VolumeMount.OtherVolume("persistent_volume_claim", spec));
        }
        if (!map.has("size")) {
            binder.error(node, path, "missing required key 'size' (e.g. 10Gi), or 'claim_name' for an existing claim");
        }
        Optional<String> size = map.bind("size", this::storageSize);
        String storageClass = map.nonEmptyString("storage_class").orElse(null);
        String accessMode = map.oneOf("access_mode", ACCESS_MODES).orElse("ReadWriteOnce");
        return size.map(s -> new VolumeMount.PersistentClaim(s, storageClass, accessMode));
    }

    private Optional<String> storageSize(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<MemoryQuantity> size = MemoryQuantity.parse(text.get()).filter(q -> q.bytes() > 0);
        if (size.isEmpty()) {
            binder.error(node, path, "expected a size such as 1Gi or 500M, got " + Binder.quote(text.get()),
                    "accepted units: " + MemoryQuantity.ACCEPTED_UNITS);
        }
        return size.map(MemoryQuantity::kubernetes);
    }

    /** An unknown key close to a known one, or not snake_case: an error rather than a volume type. */
    private boolean isMisspelt(MappingNode.Entry entry, String path) {
        String key = entry.name();
        if (ServiceYmlKeys.VOLUME.childNames().contains(key)) {
            return false;
        }
        Optional<String> hint = DidYouMean.hint(key, ServiceYmlKeys.VOLUME.childNames());
        if (hint.isEmpty() && SNAKE_CASE.matcher(key).matches()) {
            return false;
        }
        binder.error(entry.key(), path, "unknown key", hint.orElse(
                "volume types are Kubernetes volume types in snake_case, e.g. nfs, csi, config_map"));
        return true;
    }

    private Optional<VolumeSource> otherVolume(MappingNode.Entry entry, String path) {
        String key = entry.name();
        if (!ServiceYmlKeys.VOLUME.childNames().contains(key)) {
            binder.warning(entry.key(), path, "'" + key + "' is not a volume type Maestro knows; it is passed to "
                    + "Kubernetes as written", "check the spelling against the Kubernetes volume types");
        }
        if (!(entry.value() instanceof MappingNode map)) {
            binder.error(entry.value(), path, "expected a map of the volume type's fields, got "
                    + Binder.describe(entry.value()));
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) plainData(map);
        return Optional.of(new VolumeMount.OtherVolume(key, spec));
    }

    /**
     * YAML as plain Java data (maps, lists, booleans, longs, doubles and strings), keys as written:
     * turning them into the API's field names is the renderer's job, because some are irregular
     * ({@code volume_id} is {@code volumeID}).
     */
    private static Object plainData(YamlNode node) {
        return switch (node) {
            case MappingNode map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (MappingNode.Entry e : map.entries()) {
                    out.put(e.name(), plainData(e.value()));
                }
                yield java.util.Collections.unmodifiableMap(out);
            }
            case SequenceNode list -> list.items().stream().map(VolumeBinder::plainData).toList();
            case ScalarNode scalar -> scalarValue(scalar);
        };
    }

    private static Object scalarValue(ScalarNode scalar) {
        if (scalar.isNull()) {
            return "";
        }
        if (scalar.isBoolean()) {
            return scalar.booleanValue();
        }
        if (scalar.plain() && scalar.isInteger()) {
            try {
                return Long.parseLong(scalar.text().strip().replace("+", ""));
            } catch (NumberFormatException e) {
                return scalar.text();
            }
        }
        return scalar.text();
    }

    private static KeySpec child(String name) {
        return ServiceYmlKeys.VOLUME.child(name).orElseThrow();
    }
}
