package io.maestro.model.compose;

import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.InvalidDefinitionException;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourcePosition;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import io.maestro.model.yaml.YamlReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a docker-compose file into an equivalent service.yml ({@code maestro convert compose FILE}).
 *
 * <p>The compose file is read with {@link YamlReader} (merge keys {@code <<: *anchor} included) and
 * checked against {@link ComposeKeys}; its own mistakes (YAML errors, wrong types, unknown keys,
 * bad interpolation) are reported all at once as an {@link InvalidDefinitionException}. Every
 * setting is then converted, reported as not converted with a one-line reason, or converted with
 * a warning when its meaning changes. The mapping is documented in docs/convert-compose.md.
 *
 * <pre>{@code
 * Conversion conversion = ComposeConverter.convert(Source.file(Path.of("docker-compose.yml")));
 * Files.writeString(Path.of("service.yml"), conversion.serviceYml());
 * conversion.notConverted().forEach(System.err::println);
 * }</pre>
 *
 * <p>The output is deterministic: services in compose order, keys in the order of the service.yml
 * reference, ports in the long form, every string that could be misread quoted.
 */
public final class ComposeConverter {

    private ComposeConverter() {}

    /**
     * The result of a conversion.
     *
     * @param serviceYml the generated service.yml text
     * @param notConverted one line per compose setting that could not be converted, with the reason,
     *     e.g. {@code web.healthcheck: compose healthchecks do not map to probes automatically; ...}
     * @param warnings settings converted with a change in meaning, with the compose file's
     *     file:line:col (e.g. a named volume that became a 1Gi claim)
     * @param requiredVariables application variables the service.yml refers to without a default
     *     (compose took them from the shell), sorted: define them in manifest.yml's
     *     {@code environment_variables} or as application env vars, or Maestro reports them as undefined
     */
    public record Conversion(String serviceYml, List<String> notConverted, List<Diagnostic> warnings,
            List<String> requiredVariables) {

        public Conversion {
            Objects.requireNonNull(serviceYml, "serviceYml");
            notConverted = List.copyOf(notConverted);
            warnings = List.copyOf(warnings);
            requiredVariables = List.copyOf(requiredVariables);
        }

        public Conversion(String serviceYml, List<String> notConverted) {
            this(serviceYml, notConverted, List.of(), List.of());
        }
    }

    /**
     * What the compose file cannot say: where BuildGrid clones the code of services that compose
     * builds locally ({@code build: .}).
     *
     * @param gitUrl repository for services with a local build context, or null
     * @param gitBranch branch to build, or null
     */
    public record Options(String gitUrl, String gitBranch) {
        public static final Options NONE = new Options(null, null);
    }

    /** @throws InvalidDefinitionException when the compose file itself is invalid */
    public static Conversion convert(Source composeFile) {
        return convert(composeFile, Options.NONE);
    }

    /** @throws InvalidDefinitionException when the compose file itself is invalid */
    public static Conversion convert(Source composeFile, Options options) {
        Objects.requireNonNull(options, "options");
        Diagnostics diagnostics = new Diagnostics();
        YamlReader reader = YamlReader.withDefaults();
        Optional<YamlNode> root = composeFile.path() != null
                ? reader.readFile(composeFile.path(), composeFile.name(), diagnostics)
                : reader.read(composeFile.name(), composeFile.text(), diagnostics);
        if (root.isEmpty()) {
            if (!diagnostics.hasErrors()) {
                diagnostics.error(SourcePosition.startOf(composeFile.name()), "",
                        "the file is empty; expected a map with a 'services' key");
            }
            diagnostics.throwIfErrors();
        }
        Binder binder = new Binder(composeFile.name(), diagnostics);
        ConversionNotes notes = new ConversionNotes(binder);
        YamlOut.Map services = convertFile(root.orElseThrow(), binder, notes, options);
        diagnostics.throwIfErrors();

        YamlOut.Map document = new YamlOut.Map().put("version", 2).put("services", services);
        List<Diagnostic> warnings = diagnostics.warnings();
        String text = YamlEmitter.emit(
                header(composeFile.name(), notes.notConvertedLines(), warnings, notes.requiredVariables()), document);
        return new Conversion(text, notes.notConvertedLines(), warnings, notes.requiredVariables());
    }

    private static YamlOut.Map convertFile(YamlNode root, Binder binder, ConversionNotes notes, Options options) {
        MapReader file = binder.fields(withoutExtensions(root), "", ComposeKeys.ROOT);
        YamlOut.Map out = new YamlOut.Map();
        if (!file.valid()) {
            return out;
        }
        file.get("version").ifPresent(node -> binder.string(node, "version"));
        for (MappingNode.Entry entry : file.node().entries()) {
            ComposeKeys.droppedTopLevelReason(entry.name())
                    .ifPresent(reason -> notes.notConverted(entry.name(), reason));
        }
        NamedVolumes namedVolumes = new NamedVolumes(declaredVolumes(file, binder, notes));
        if (!file.has("services")) {
            binder.error(root, "", "expected a 'services' map: there is nothing to convert");
            return out;
        }
        ServiceConverter converter = new ServiceConverter(notes, options, namedVolumes);
        Set<String> used = new HashSet<>();
        binder.mapping(file.get("services").orElseThrow(), "services").ifPresent(map -> {
            for (MappingNode.Entry entry : withoutExtensions(map).entries()) {
                String path = KeyPaths.child("services", entry.name());
                String name = serviceName(entry.name(), used);
                if (!name.equals(entry.name())) {
                    notes.warning(entry.key(), path, "renamed to " + Binder.quote(name) + ": service names must be"
                            + " DNS-1035 labels (lowercase letters, digits and '-', starting with a letter); update host"
                            + " names that use it");
                }
                MapReader service = binder.fields(withoutExtensions(entry.value()), path, ComposeKeys.SERVICE);
                if (service.valid()) {
                    out.put(name, converter.convert(service, name, entry.key()));
                }
            }
        });
        namedVolumes.report(notes);
        return out;
    }

    private static Set<String> declaredVolumes(MapReader file, Binder binder, ConversionNotes notes) {
        Set<String> names = new LinkedHashSet<>();
        file.get("volumes").flatMap(node -> binder.mapping(node, "volumes")).ifPresent(map -> {
            for (MappingNode.Entry entry : withoutExtensions(map).entries()) {
                names.add(entry.name());
                String path = KeyPaths.child("volumes", entry.name());
                binder.mapping(entry.value(), path).ifPresent(settings -> {
                    MappingNode options = withoutExtensions(settings);
                    boolean external = options.get("external")
                            .filter(v -> !(v instanceof ScalarNode s && s.isBoolean() && !s.booleanValue()))
                            .isPresent();
                    if (external) {
                        notes.notConverted(path, "an external volume cannot be attached; each mount becomes a new,"
                                + " empty persistent volume claim");
                    } else if (!options.isEmpty()) {
                        notes.notConverted(path, "volume options (" + String.join(", ", options.entries().stream()
                                .map(MappingNode.Entry::name).toList()) + ") do not apply; each mount becomes a"
                                + " persistent volume claim");
                    }
                });
            }
        });
        return names;
    }

    /**
     * A DNS-1035 label for a compose service name ({@code my_app} → {@code my-app}, {@code 1web} →
     * {@code svc-1web}), unique among the names already used.
     */
    static String serviceName(String composeName, Set<String> used) {
        String name = composeName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-{2,}", "-").replaceAll("^-+", "");
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        name = name.replaceAll("-+$", "");
        if (name.isEmpty()) {
            name = "service";
        } else if (!Character.isLetter(name.charAt(0))) {
            // A Kubernetes Service name starts with a letter (DNS-1035); compose allows "1web".
            name = ("svc-" + name).substring(0, Math.min(63, name.length() + 4)).replaceAll("-+$", "");
        }
        String unique = name;
        for (int suffix = 2; used.contains(unique); suffix++) {
            String tail = "-" + suffix;
            unique = name.substring(0, Math.min(name.length(), 63 - tail.length())) + tail;
        }
        used.add(unique);
        return unique;
    }

    /** A map without its {@code x-*} extension keys, which compose reserves for users and ignores. */
    static MappingNode withoutExtensions(MappingNode map) {
        if (map.entries().stream().noneMatch(entry -> entry.name().startsWith("x-"))) {
            return map;
        }
        return new MappingNode(map.entries().stream().filter(entry -> !entry.name().startsWith("x-")).toList(),
                map.position());
    }

    static YamlNode withoutExtensions(YamlNode node) {
        return node instanceof MappingNode map ? withoutExtensions(map) : node;
    }

    private static List<String> header(String file, List<String> notConverted, List<Diagnostic> warnings,
            List<String> requiredVariables) {
        List<String> lines = new ArrayList<>();
        lines.add("Converted from " + file + " by maestro convert compose.");
        lines.add("Check it before deploying; docs/convert-compose.md explains the mapping.");
        if (!requiredVariables.isEmpty()) {
            lines.add("");
            lines.add("Define these application variables (manifest.yml environment_variables):");
            lines.add("  " + String.join(", ", requiredVariables));
        }
        if (!notConverted.isEmpty()) {
            lines.add("");
            lines.add("Not converted:");
            notConverted.forEach(line -> lines.add("  " + line));
        }
        if (!warnings.isEmpty()) {
            lines.add("");
            lines.add("Warnings:");
            warnings.forEach(warning -> lines.add("  " + warning.fullMessage()));
        }
        return lines;
    }
}
