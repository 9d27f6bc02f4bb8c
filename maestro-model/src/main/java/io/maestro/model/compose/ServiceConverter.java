package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.compose.Interpolation.Parsed;
import io.maestro.model.compose.Interpolation.Result;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.service.CpuQuantity;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Converts one compose service into one service.yml service. Keys are written in the order of the
 * reference's tables ({@link #SERVICE_ORDER}); every compose setting is either converted, reported
 * as not converted with its reason, or (when the conversion changes its meaning) converted with a
 * warning.
 */
final class ServiceConverter {

    /** service.yml service keys in the reference's order. */
    static final List<String> SERVICE_ORDER = List.of(
            "image", "git_url", "git_branch", "build_root", "dockerfile_path", "build_command", "deploy_command",
            "command", "work_dir", "env_vars", "ports", "traffic_matches", "volumes", "log_folder", "type",
            "service_account_name", "security_context", "tags", "annotations", "health", "post_start_command",
            "pre_stop_command", "stop_grace", "restart_on_deploy", "constraints");

    private static final List<String> SECURITY_ORDER = List.of(
            "fs_group", "host_ipc", "host_network", "host_pid", "privileged", "run_as_group", "run_as_non_root",
            "run_as_user", "supplemental_groups");

    /** Dropped keys whose value decides whether anything is lost; handled one by one below. */
    private static final Set<String> VALUE_DEPENDENT = Set.of("restart", "ipc", "pid", "network_mode", "healthcheck");

    private static final Pattern GIT_URL = Pattern.compile("(?i)(https?://|git@|git://|ssh://).*");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]{0,252}");
    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,10}");
    private static final Pattern SHELL_SAFE =
            Pattern.compile("([A-Za-z0-9_@%+=:,./-]|\\$\\([A-Za-z_][A-Za-z0-9_]*\\))+");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** Images whose service Maestro would rather run as a managed data store, by image name. */
    private static final Map<String, String> DATABASE_IMAGES = Map.ofEntries(
            Map.entry("postgres", "postgresql"), Map.entry("postgis", "postgresql"),
            Map.entry("mysql", "mysql"), Map.entry("mariadb", "mysql"), Map.entry("percona", "mysql"),
            Map.entry("redis", "redis"), Map.entry("memcached", "memcached"), Map.entry("rabbitmq", "rabbitmq"),
            Map.entry("mongo", "mongodb"), Map.entry("elasticsearch", "elasticsearch"),
            Map.entry("influxdb", "influxdb"));

    private final ConversionNotes notes;
    private final ComposeValues values;
    private final ComposeConverter.Options options;
    private final NamedVolumes namedVolumes;

    ServiceConverter(ConversionNotes notes, ComposeConverter.Options options, NamedVolumes namedVolumes) {
        this.notes = notes;
        this.values = new ComposeValues(notes);
        this.options = options;
        this.namedVolumes = namedVolumes;
    }

    /** The state of one service's conversion. */
    private final class Work {
        final MapReader service;
        final String name;
        final YamlNode at;
        final YamlOut.Map out = new YamlOut.Map();
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> commandVariables = new LinkedHashMap<>();
        final Map<String, String> annotations = new LinkedHashMap<>();
        final List<String> tags = new ArrayList<>();
        final YamlOut.Map security = new YamlOut.Map();
        final YamlOut.Map requests = new YamlOut.Map();
        final YamlOut.Map limits = new YamlOut.Map();

        Work(MapReader service, String name, YamlNode at) {
            this.service = service;
            this.name = name;
            this.at = at;
        }
    }

    /**
     * Converts the service read from {@code service}; {@code name} is its service.yml name and
     * {@code at} the compose key that names it (where service-wide problems are reported).
     */
    YamlOut.Map convert(MapReader service, String name, YamlNode at) {
        Work work = new Work(service, name, at);
        dropped(work);
        source(work);
        work.service.get("command").flatMap(node -> commandText(work, node, service.pathOf("command")))
                .ifPresent(command -> work.out.put("command", command));
        entrypoint(work);
        service.get("working_dir").flatMap(node -> values.literal(node, service.pathOf("working_dir")))
                .ifPresent(dir -> work.out.put("work_dir", dir));
        service.get("environment").ifPresent(node -> environment(work, node, service.pathOf("environment")));
        addCommandVariables(work);
        if (!work.env.isEmpty()) {
            work.out.put("env_vars", YamlOut.stringMap(work.env));
        }
        ports(work);
        volumes(work);
        security(work);
        service.get("labels").ifPresent(node -> labels(work, node, service.pathOf("labels")));
        service.get("annotations").ifPresent(node -> annotations(work, node, service.pathOf("annotations")));
        deploy(work);
        if (!work.tags.isEmpty()) {
            YamlOut.Seq tags = new YamlOut.Seq();
            work.tags.forEach(tags::add);
            work.out.put("tags", tags);
        }
        if (!work.annotations.isEmpty()) {
            work.out.put("annotations", YamlOut.stringMap(work.annotations));
        }
        hook(work, "post_start", "post_start_command");
        hook(work, "pre_stop", "pre_stop_command");
        stopGrace(work);
        resources(work);
        restart(work);
        healthcheck(work);
        return work.out.ordered(SERVICE_ORDER);
    }

    // ---- settings without an equivalent -----------------------------------------------------

    private void dropped(Work work) {
        for (MappingNode.Entry entry : work.service.node().entries()) {
            if (!VALUE_DEPENDENT.contains(entry.name())) {
                ComposeKeys.droppedReason(entry.name())
                        .ifPresent(reason -> notes.notConverted(work.service.pathOf(entry.name()), reason));
            }
        }
    }

    private void restart(Work work) {
        work.service.get("restart").flatMap(node -> values.literal(node, work.service.pathOf("restart")))
                .ifPresent(policy -> {
                    if (!policy.equals("always") && !policy.equals("unless-stopped")) {
                        notes.notConverted(work.service.pathOf("restart"),
                                ComposeKeys.droppedReason("restart").orElseThrow());
                    }
                });
    }

    private void healthcheck(Work work) {
        work.service.get("healthcheck").ifPresent(node -> {
            boolean disabled = node instanceof MappingNode map && map.get("disable")
                    .filter(value -> value instanceof ScalarNode scalar && scalar.isBoolean() && scalar.booleanValue())
                    .isPresent();
            if (!disabled) {
                notes.notConverted(work.service.pathOf("healthcheck"),
                        ComposeKeys.droppedReason("healthcheck").orElseThrow());
            }
        });
    }

    // ---- image and build --------------------------------------------------------------------

    /** Where a build comes from, as far as the compose file says. */
    private record BuildSource(String gitUrl, String gitBranch, String buildRoot, String dockerfile) {}

    private void source(Work work) {
        MapReader service = work.service;
        Optional<String> image = service.get("image").flatMap(node -> values.literal(node, service.pathOf("image")));
        if (!service.has("build")) {
            if (image.isPresent()) {
                work.out.put("image", image.get());
                databaseHint(service, image.get());
            } else if (!service.has("image") && !hasUnknownKey(service)) {
                // An unknown key is already an error, and is most likely a misspelt image or build.
                notes.error(work.at, service.path(), "expected 'image' or 'build': compose needs one to"
                        + " know what to run");
            }
            return;
        }
        String buildPath = service.pathOf("build");
        BuildSource build = build(service.get("build").orElseThrow(), buildPath);
        String gitUrl = build.gitUrl() != null ? build.gitUrl() : options.gitUrl();
        String gitBranch = build.gitUrl() != null ? build.gitBranch() : options.gitBranch();
        if (gitUrl != null) {
            work.out.put("git_url", gitUrl);
            if (gitBranch != null) {
                work.out.put("git_branch", gitBranch);
            }
            if (image.isPresent()) {
                notes.notConverted(service.pathOf("image"), "compose tags the image it builds with this name;"
                        + " BuildGrid names the images it builds itself");
            }
        } else if (image.isPresent()) {
            work.out.put("image", image.get());
            notes.notConverted(buildPath, "service.yml builds from a git repository, so the image is pulled"
                    + " instead; give --git-url to build it with BuildGrid");
            return;
        } else {
            notes.notConverted(buildPath, "service.yml builds from a git repository; add git_url and git_branch"
                    + " (or give --git-url)");
        }
        if (build.buildRoot() != null) {
            work.out.put("build_root", build.buildRoot());
        }
        if (build.dockerfile() != null) {
            work.out.put("dockerfile_path", build.dockerfile());
        }
    }

    private static boolean hasUnknownKey(MapReader service) {
        return service.node().entries().stream().anyMatch(entry -> ComposeKeys.SERVICE.child(entry.name()).isEmpty());
    }

    private BuildSource build(YamlNode node, String path) {
        if (node instanceof ScalarNode) {
            return values.literal(node, path).map(context -> context(context, path))
                    .orElse(new BuildSource(null, null, null, null));
        }
        MapReader build = notes.binder().fields(ComposeConverter.withoutExtensions(node), path, ComposeKeys.BUILD);
        for (MappingNode.Entry entry : build.node().entries()) {
            ComposeKeys.droppedBuildReason(entry.name())
                    .ifPresent(reason -> notes.notConverted(build.pathOf(entry.name()), reason));
        }
        BuildSource context = build.get("context")
                .flatMap(value -> values.literal(value, build.pathOf("context")))
                .map(text -> context(text, build.pathOf("context")))
                .orElse(new BuildSource(null, null, null, null));
        String dockerfile = build.get("dockerfile")
                .flatMap(value -> values.literal(value, build.pathOf("dockerfile")))
                .flatMap(text -> {
                    if (text.startsWith("/")) {
                        notes.notConverted(build.pathOf("dockerfile"), "an absolute Dockerfile path is outside the"
                                + " repository; give it relative to the build context");
                        return Optional.empty();
                    }
                    return Optional.of(relative(text));
                })
                .filter(text -> !text.isEmpty())
                .orElse(null);
        return new BuildSource(context.gitUrl(), context.gitBranch(), context.buildRoot(), dockerfile);
    }

    /**
     * A build context: a git URL ({@code https://host/repo.git#branch:dir}) or a directory relative
     * to the compose file, which is taken to sit at the repository root.
     */
    private BuildSource context(String context, String path) {
        String text = context.strip();
        if (GIT_URL.matcher(text).matches()) {
            String url = text;
            String branch = null;
            String root = null;
            int fragment = text.indexOf('#');
            if (fragment >= 0) {
                url = text.substring(0, fragment);
                String[] refAndDir = text.substring(fragment + 1).split(":", 2);
                branch = refAndDir[0].isEmpty() ? null : refAndDir[0];
                root = refAndDir.length == 2 && !relative(refAndDir[1]).isEmpty() ? relative(refAndDir[1]) : null;
            }
            return new BuildSource(url, branch, root, null);
        }
        if (text.startsWith("/") || text.equals("..") || text.startsWith("../")) {
            notes.notConverted(path, "the build context " + Binder.quote(text) + " is outside the repository;"
                    + " give it relative to the repository root");
            return new BuildSource(null, null, null, null);
        }
        String root = relative(text);
        return new BuildSource(null, null, root.isEmpty() ? null : root, null);
    }

    /** A relative path without leading {@code ./} or a trailing slash; empty for the directory itself. */
    private static String relative(String path) {
        String result = path.strip();
        while (result.startsWith("./")) {
            result = result.substring(2);
        }
        while (result.endsWith("/") && result.length() > 1) {
            result = result.substring(0, result.length() - 1);
        }
        return result.equals(".") ? "" : result;
    }

    private void databaseHint(MapReader service, String image) {
        String withoutDigest = image.split("@", 2)[0];
        String lastSegment = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        String repository = lastSegment.split(":", 2)[0].toLowerCase(Locale.ROOT);
        String store = DATABASE_IMAGES.get(repository);
        if (store != null) {
            notes.warning(service.get("image").orElseThrow(), service.pathOf("image"), Binder.quote(image)
                    + " runs a data store in a container; Maestro can run " + store + " on a server for you"
                    + " instead (add it to databases and use _env(" + store.toUpperCase(Locale.ROOT)
                    + "_ADDRESS))");
        }
    }

    // ---- command ----------------------------------------------------------------------------

    /** Compose's entrypoint comes first in service.yml's command, which replaces the image's. */
    private void entrypoint(Work work) {
        work.service.get("entrypoint").ifPresent(node -> {
            String path = work.service.pathOf("entrypoint");
            commandText(work, node, path).ifPresent(entrypoint -> {
                YamlOut command = work.out.get("command");
                String joined = command instanceof YamlOut.Str str ? entrypoint + " " + str.value() : entrypoint;
                work.out.put("command", joined);
                notes.warning(node, path, "service.yml has no entrypoint; it is put in front of command,"
                        + " which then replaces the image's entrypoint");
            });
        });
    }

    /**
     * A command as one string: a list is joined with shell quoting, and compose variables become
     * {@code $(NAME)}, which Kubernetes expands from the container's environment (the variable is
     * added to env_vars as {@code _env(NAME)} when the service does not set it).
     */
    private Optional<String> commandText(Work work, YamlNode node, String path) {
        if (node instanceof SequenceNode list) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Optional<String> word = commandWord(work, list.items().get(i), KeyPaths.index(path, i));
                if (word.isEmpty()) {
                    return Optional.empty();
                }
                words.add(shellQuote(word.get()));
            }
            return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
        }
        return commandWord(work, node, path).filter(text -> !text.isBlank());
    }

    private Optional<String> commandWord(Work work, YamlNode node, String path) {
        return values.parsed(node, path).flatMap(parsed -> {
            Result result = Interpolation.toContainerReferences(parsed);
            if (result.failedToConvert()) {
                notes.notConverted(path, result.failure());
                return Optional.empty();
            }
            for (Interpolation.Variable variable : parsed.variables()) {
                Result reference = Interpolation.toEnvReferences(new Parsed(List.of(variable)));
                work.commandVariables.putIfAbsent(variable.name(),
                        reference.optionalValue().orElse("_env(" + variable.name() + ")"));
                if (reference.failedToConvert()) {
                    notes.warning(node, path, reference.failure() + "; its default is dropped");
                }
            }
            return result.optionalValue();
        });
    }

    private void addCommandVariables(Work work) {
        work.commandVariables.forEach((name, reference) -> {
            if (work.env.containsKey(name)) {
                YamlNode at = work.service.get("command").or(() -> work.service.get("entrypoint")).orElseThrow();
                notes.warning(at, work.service.pathOf(work.service.has("command") ? "command" : "entrypoint"),
                        "$" + name + " now expands from the container's " + name
                                + ", which the service's environment sets, not from the shell running compose");
            } else {
                work.env.put(name, reference);
                if (reference.equals("_env(" + name + ")")) {
                    notes.requiresVariable(name);
                }
            }
        });
    }

    static String shellQuote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    // ---- environment ------------------------------------------------------------------------

    private void environment(Work work, YamlNode node, String path) {
        keyValues(node, path, "environment", (entry, value) -> {
            String name = entry.name();
            YamlNode at = entry.at();
            if (!ENV_NAME.matcher(name).matches()) {
                notes.notConverted(entry.path(), Binder.quote(name) + " is not a valid environment variable name"
                        + " for Kubernetes (letters, digits, '_', '-' and '.', not starting with a digit)");
                return;
            }
            if (value == null) {
                // A name without a value takes the value from the shell running compose: in Maestro,
                // from the application's env vars.
                work.env.put(name, "_env(" + name + ")");
                notes.requiresVariable(name);
                return;
            }
            Optional<Parsed> parsed = parsedText(value, at, entry.path());
            parsed.ifPresent(p -> {
                Result result = Interpolation.toEnvReferences(p);
                if (result.failedToConvert()) {
                    notes.notConverted(entry.path(), result.failure());
                } else {
                    work.env.put(name, result.value());
                    Interpolation.requiredNames(p).forEach(notes::requiresVariable);
                }
            });
        });
    }

    private Optional<Parsed> parsedText(String text, YamlNode at, String path) {
        try {
            return Optional.of(Interpolation.parse(text));
        } catch (Interpolation.SyntaxError e) {
            notes.error(at, path, e.getMessage());
            return Optional.empty();
        }
    }

    /** One entry of a compose "map or list of KEY=VALUE" setting. */
    private record KeyValue(String name, YamlNode at, String path) {}

    /**
     * Reads a setting that compose accepts as a map or as a list of {@code KEY=VALUE} (or bare
     * {@code KEY}) strings. The consumer gets the raw value text (not yet interpolated), or null
     * when there is none.
     */
    private void keyValues(YamlNode node, String path, String what, BiConsumer<KeyValue, String> consumer) {
        Binder binder = notes.binder();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String itemPath = KeyPaths.index(path, i);
                binder.string(item, itemPath).ifPresent(text -> {
                    int equals = text.indexOf('=');
                    String name = (equals < 0 ? text : text.substring(0, equals)).strip();
                    if (name.isEmpty()) {
                        notes.error(item, itemPath, "expected KEY=VALUE in " + what + ", got " + Binder.quote(text));
                        return;
                    }
                    consumer.accept(new KeyValue(name, item, itemPath), equals < 0 ? null : text.substring(equals + 1));
                });
            }
            return;
        }
        binder.mapping(node, path).ifPresent(map -> {
            for (MappingNode.Entry entry : map.entries()) {
                String entryPath = KeyPaths.child(path, entry.name());
                YamlNode value = entry.value();
                if (value instanceof ScalarNode scalar && scalar.isNull()) {
                    consumer.accept(new KeyValue(entry.name(), entry.key(), entryPath), null);
                } else {
                    binder.string(value, entryPath)
                            .ifPresent(text -> consumer.accept(new KeyValue(entry.name(), value, entryPath), text));
                }
            }
        });
    }

    // ---- ports and volumes ------------------------------------------------------------------

    private void ports(Work work) {
        PortConverter ports = new PortConverter(notes, values);
        work.service.get("ports").ifPresent(node -> ports.ports(node, work.service.pathOf("ports")));
        work.service.get("expose").ifPresent(node -> ports.expose(node, work.service.pathOf("expose")));
        YamlOut.Seq converted = ports.toYaml();
        if (!converted.isEmpty()) {
            work.out.put("ports", converted);
        }
    }

    private void volumes(Work work) {
        VolumeConverter volumes = new VolumeConverter(notes, values, namedVolumes, work.name);
        work.service.get("volumes").ifPresent(node -> volumes.volumes(node, work.service.pathOf("volumes")));
        work.service.get("tmpfs").ifPresent(node -> volumes.tmpfs(node, work.service.pathOf("tmpfs")));
        work.service.get("shm_size").ifPresent(node -> volumes.shmSize(node, work.service.pathOf("shm_size")));
        YamlOut.Seq converted = volumes.toYaml();
        if (!converted.isEmpty()) {
            work.out.put("volumes", converted);
        }
    }

    // ---- labels and annotations -------------------------------------------------------------

    private void labels(Work work, YamlNode node, String path) {
        keyValues(node, path, "labels", (entry, raw) -> {
            Optional<String> value = raw == null ? Optional.of("")
                    : parsedText(raw, entry.at(), entry.path()).flatMap(p -> values.literal(p, entry.at(), entry.path()));
            if (value.isEmpty()) {
                return;
            }
            if (!validLabelKey(entry.name())) {
                notes.notConverted(entry.path(), Binder.quote(entry.name())
                        + " is not a valid Kubernetes label or annotation key");
            } else if (validLabelValue(value.get())) {
                work.tags.add(value.get().isEmpty() ? entry.name() : entry.name() + "=" + value.get());
            } else {
                notes.warning(entry.at(), entry.path(), "the value is not a valid Kubernetes label value"
                        + " (at most 63 letters, digits, '-', '_' or '.'); kept as an annotation instead");
                work.annotations.put(entry.name(), value.get());
            }
        });
    }

    private void annotations(Work work, YamlNode node, String path) {
        keyValues(node, path, "annotations", (entry, raw) -> {
            Optional<String> value = raw == null ? Optional.of("")
                    : parsedText(raw, entry.at(), entry.path()).flatMap(p -> values.literal(p, entry.at(), entry.path()));
            if (value.isEmpty()) {
                return;
            }
            if (validLabelKey(entry.name())) {
                work.annotations.put(entry.name(), value.get());
            } else {
                notes.notConverted(entry.path(), Binder.quote(entry.name())
                        + " is not a valid Kubernetes annotation key");
            }
        });
    }

    static boolean validLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    static boolean validLabelValue(String value) {
        return value.length() <= 63 && LABEL_NAME.matcher(value).matches();
    }

    // ---- security ---------------------------------------------------------------------------

    private void security(Work work) {
        MapReader service = work.service;
        service.bool("privileged").filter(Boolean::booleanValue).ifPresent(on -> work.security.put("privileged", true));
        service.get("user").flatMap(node -> values.literal(node, service.pathOf("user"))).ifPresent(user -> {
            String[] parts = user.strip().split(":", 2);
            if (NUMERIC_ID.matcher(parts[0]).matches()) {
                work.security.put("run_as_user", Long.parseLong(parts[0]));
            }
            if (parts.length == 2 && NUMERIC_ID.matcher(parts[1]).matches()) {
                work.security.put("run_as_group", Long.parseLong(parts[1]));
            }
            boolean allNumeric = NUMERIC_ID.matcher(parts[0]).matches()
                    && (parts.length == 1 || NUMERIC_ID.matcher(parts[1]).matches());
            if (!allNumeric) {
                notes.notConverted(service.pathOf("user"), "user and group names cannot be resolved outside the"
                        + " image; use numeric ids (security_context.run_as_user, run_as_group)");
            }
        });
        service.get("group_add").ifPresent(node -> {
            String path = service.pathOf("group_add");
            YamlOut.Seq groups = new YamlOut.Seq();
            List<String> names = notes.binder().stringList(node, path, false);
            for (String group : names) {
                if (NUMERIC_ID.matcher(group.strip()).matches()) {
                    groups.add(new YamlOut.Int(Long.parseLong(group.strip())));
                } else {
                    notes.notConverted(path, "the group name " + Binder.quote(group) + " cannot be resolved outside"
                            + " the image; use a numeric id");
                }
            }
            if (!groups.isEmpty()) {
                work.security.put("supplemental_groups", groups);
            }
        });
        namespaceMode(work, "ipc", "host_ipc", Set.of("private", "shareable"));
        namespaceMode(work, "pid", "host_pid", Set.of());
        namespaceMode(work, "network_mode", "host_network", Set.of("bridge", "default"));
        if (!work.security.isEmpty()) {
            work.out.put("security_context", work.security.ordered(SECURITY_ORDER));
        }
    }

    /** {@code host} maps to a security_context flag; {@code harmless} values mean the default. */
    private void namespaceMode(Work work, String key, String flag, Set<String> harmless) {
        work.service.get(key).flatMap(node -> values.literal(node, work.service.pathOf(key))).ifPresent(mode -> {
            if (mode.equals("host")) {
                work.security.put(flag, true);
            } else if (!harmless.contains(mode)) {
                notes.notConverted(work.service.pathOf(key), ComposeKeys.droppedReason(key).orElseThrow());
            }
        });
    }

    // ---- lifecycle --------------------------------------------------------------------------

    private void hook(Work work, String key, String target) {
        work.service.get(key).ifPresent(node -> {
            String path = work.service.pathOf(key);
            notes.binder().sequence(node, path).ifPresent(list -> {
                for (int i = 0; i < list.items().size(); i++) {
                    String itemPath = KeyPaths.index(path, i);
                    MapReader hook = notes.binder().fields(ComposeConverter.withoutExtensions(list.items().get(i)),
                            itemPath, ComposeKeys.LIFECYCLE_HOOK);
                    if (i > 0) {
                        notes.notConverted(itemPath, "service.yml has one " + target + "; join the commands into one");
                        continue;
                    }
                    for (String other : List.of("user", "privileged", "working_dir", "environment")) {
                        if (hook.has(other)) {
                            notes.notConverted(hook.pathOf(other), "service.yml lifecycle commands run as the"
                                    + " container does; this setting has no equivalent");
                        }
                    }
                    if (!hook.has("command") && hook.valid()) {
                        notes.error(list.items().get(i), itemPath, "expected a 'command' in the lifecycle hook");
                        continue;
                    }
                    hook.get("command").flatMap(command -> hookCommand(command, hook.pathOf("command")))
                            .ifPresent(command -> work.out.put(target, command));
                }
            });
        });
    }

    /**
     * A lifecycle hook's command. Kubernetes does not expand {@code $(VAR)} in exec hooks, so
     * variables give way to their defaults here.
     */
    private Optional<String> hookCommand(YamlNode node, String path) {
        if (node instanceof SequenceNode list) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Optional<String> word = values.literal(list.items().get(i), KeyPaths.index(path, i));
                if (word.isEmpty()) {
                    return Optional.empty();
                }
                words.add(shellQuote(word.get()));
            }
            return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
        }
        return values.literal(node, path).filter(text -> !text.isBlank());
    }

    private void stopGrace(Work work) {
        work.service.get("stop_grace_period").ifPresent(node -> {
            String path = work.service.pathOf("stop_grace_period");
            values.literal(node, path).ifPresent(text -> {
                Optional<Long> seconds = ComposeUnits.seconds(text);
                if (seconds.isEmpty()) {
                    notes.error(node, path, "expected a duration such as 30s or 1m30s, got " + Binder.quote(text));
                    return;
                }
                work.out.put("stop_grace", seconds.get());
                if (text.contains(".") || text.contains("ms") || text.contains("us") || text.contains("µs")
                        || text.contains("ns")) {
                    notes.warning(node, path, "stop_grace counts whole seconds; rounded up to " + seconds.get());
                }
            });
        });
    }

    // ---- resources and deploy ---------------------------------------------------------------

    private void resources(Work work) {
        MapReader service = work.service;
        service.get("mem_limit").ifPresent(node -> memory(node, service.pathOf("mem_limit"), work.limits));
        service.get("mem_reservation").ifPresent(node -> memory(node, service.pathOf("mem_reservation"),
                work.requests));
        service.get("cpus").ifPresent(node -> cpus(node, service.pathOf("cpus"), work.limits));
        service.get("cpu_shares").ifPresent(node -> {
            String path = service.pathOf("cpu_shares");
            notes.binder().integer(node, path, 2, 262_144).ifPresent(shares -> {
                CpuQuantity cpu = CpuQuantity.fromShares(shares);
                if (!work.requests.has("cpu")) {
                    work.requests.put("cpu", cpu.toKubernetes());
                }
                notes.warning(node, path, "CPU shares are a relative weight; converted to a request of "
                        + cpu.toKubernetes() + " CPU (1024 shares = 1 CPU)");
            });
        });
        if (work.requests.isEmpty() && work.limits.isEmpty()) {
            return;
        }
        YamlOut.Map resources = work.out.child("constraints").child("resources");
        if (!work.requests.isEmpty()) {
            resources.put("requests", work.requests.ordered(List.of("cpu", "memory")));
        }
        if (!work.limits.isEmpty()) {
            resources.put("limits", work.limits.ordered(List.of("cpu", "memory")));
        }
    }

    private void memory(YamlNode node, String path, YamlOut.Map into) {
        values.literal(node, path).ifPresent(text -> {
            Optional<Long> bytes = ComposeUnits.bytes(text);
            if (bytes.isEmpty() || bytes.get() == 0) {
                notes.error(node, path, "expected a memory size such as 512m or 1g, got " + Binder.quote(text));
                return;
            }
            into.put("memory", ComposeUnits.kubernetesMemory(bytes.get()));
        });
    }

    private void cpus(YamlNode node, String path, YamlOut.Map into) {
        values.literal(node, path).ifPresent(text -> {
            Optional<CpuQuantity> cpu = ComposeUnits.cpus(text);
            if (cpu.isEmpty()) {
                notes.error(node, path, "expected a number of CPUs such as 0.5 or 2, got " + Binder.quote(text));
                return;
            }
            into.put("cpu", cpu.get().toKubernetes());
        });
    }

    private void deploy(Work work) {
        if (!work.service.has("deploy")) {
            return;
        }
        String path = work.service.pathOf("deploy");
        MapReader deploy = notes.binder().fields(
                ComposeConverter.withoutExtensions(work.service.get("deploy").orElseThrow()), path, ComposeKeys.DEPLOY);
        deploy.get("mode").flatMap(node -> values.literal(node, deploy.pathOf("mode"))).ifPresent(mode -> {
            switch (mode) {
                case "global" -> work.out.put("type", "daemon_set");
                case "replicated" -> { }
                case "replicated-job", "global-job" -> notes.notConverted(deploy.pathOf("mode"),
                        "jobs are not services; run it as an application job");
                default -> notes.error(deploy.get("mode").orElseThrow(), deploy.pathOf("mode"),
                        "expected one of replicated, global, replicated-job, global-job, got " + Binder.quote(mode));
            }
        });
        for (String key : List.of("replicas", "restart_policy", "update_config", "rollback_config", "placement",
                "endpoint_mode")) {
            if (deploy.has(key)) {
                notes.notConverted(deploy.pathOf(key), reasonOf(ComposeKeys.DEPLOY, key));
            }
        }
        deploy.get("labels").ifPresent(node -> labels(work, node, deploy.pathOf("labels")));
        if (deploy.has("resources")) {
            MapReader resources = notes.binder().fields(
                    ComposeConverter.withoutExtensions(deploy.get("resources").orElseThrow()),
                    deploy.pathOf("resources"), ComposeKeys.DEPLOY.child("resources").orElseThrow());
            resourceList(resources, "limits", work.limits);
            resourceList(resources, "reservations", work.requests);
        }
    }

    private void resourceList(MapReader resources, String key, YamlOut.Map into) {
        if (!resources.has(key)) {
            return;
        }
        KeySpec spec = ComposeKeys.DEPLOY.child("resources").flatMap(r -> r.child(key)).orElseThrow();
        MapReader list = notes.binder().fields(ComposeConverter.withoutExtensions(resources.get(key).orElseThrow()),
                resources.pathOf(key), spec);
        list.get("cpus").ifPresent(node -> cpus(node, list.pathOf("cpus"), into));
        list.get("memory").ifPresent(node -> memory(node, list.pathOf("memory"), into));
        for (String dropped : List.of("pids", "devices", "generic_resources")) {
            if (list.has(dropped)) {
                notes.notConverted(list.pathOf(dropped), reasonOf(spec, dropped));
            }
        }
    }

    /** The reason a key's documentation gives after "Not converted: ". */
    private static String reasonOf(KeySpec parent, String key) {
        String summary = parent.child(key).orElseThrow().summary();
        String reason = summary.startsWith("Not converted: ") ? summary.substring("Not converted: ".length()) : summary;
        reason = reason.replace("`", "");
        return reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
    }
}
