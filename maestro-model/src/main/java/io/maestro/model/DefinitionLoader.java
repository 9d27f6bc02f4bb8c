package io.maestro.model;

import io.maestro.model.bind.Binder;
import io.maestro.model.manifest.Manifest;
import io.maestro.model.manifest.ManifestBinder;
import io.maestro.model.service.ServiceDefinition;
import io.maestro.model.service.ServiceYmlBinder;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.InvalidDefinitionException;
import io.maestro.model.source.SourceMap;
import io.maestro.model.source.SourcePosition;
import io.maestro.model.validate.DefinitionValidator;
import io.maestro.model.yaml.YamlNode;
import io.maestro.model.yaml.YamlReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads, binds and validates an application's files: the one entry point from text to a valid
 * {@link AppDefinition}. It is pure (no I/O beyond reading the given files) and reports every
 * problem at once.
 *
 * <pre>{@code
 * AppDefinition app = DefinitionLoader.create().load(
 *         Source.file(Path.of("service.yml")), Optional.of(Source.file(Path.of("manifest.yml"))), "production");
 * }</pre>
 *
 * @see InvalidDefinitionException
 */
public final class DefinitionLoader {

    private final YamlReader reader;

    private DefinitionLoader(YamlReader reader) {
        this.reader = reader;
    }

    public static DefinitionLoader create() {
        return new DefinitionLoader(YamlReader.withDefaults());
    }

    public static DefinitionLoader create(YamlReader reader) {
        return new DefinitionLoader(reader);
    }

    /**
     * A file to read: either from disk or given as text (API uploads, tests). {@code name} is what
     * messages call it.
     */
    public record Source(String name, Path path, String text) {
        public Source {
            Objects.requireNonNull(name, "name");
            if ((path == null) == (text == null)) {
                throw new IllegalArgumentException("exactly one of path and text");
            }
        }

        public static Source file(Path path) {
            return new Source(path.toString(), path, null);
        }

        public static Source text(String name, String text) {
            return new Source(name, null, text);
        }
    }

    /**
     * Loads and validates. {@code environment} selects the manifest environment the checks apply
     * to (null: the manifest's common settings).
     *
     * @throws InvalidDefinitionException with every error (and warning) when anything is invalid
     */
    public AppDefinition load(Source serviceYml, Optional<Source> manifestYml, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition definition = loadCollecting(serviceYml, manifestYml, environment, diagnostics);
        diagnostics.throwIfErrors();
        return definition;
    }

    /**
     * Loads and validates, reporting to {@code diagnostics} instead of throwing. The returned
     * definition is only meaningful when no error was reported.
     */
    public AppDefinition loadCollecting(Source serviceYml, Optional<Source> manifestYml, String environment,
            Diagnostics diagnostics) {
        Binder serviceBinder = new Binder(serviceYml.name(), diagnostics);
        ServiceDefinition services = read(serviceYml, diagnostics)
                .map(root -> ServiceYmlBinder.bind(root, serviceBinder))
                .orElseGet(() -> {
                    if (!diagnostics.hasErrors()) {
                        diagnostics.error(SourcePosition.startOf(serviceYml.name()), "",
                                "the file is empty; expected a map with a 'services' key");
                    }
                    return ServiceYmlBinder.empty();
                });
        SourceMap sources = serviceBinder.sourceMap();

        Manifest manifest = Manifest.EMPTY;
        if (manifestYml.isPresent()) {
            Binder manifestBinder = new Binder(manifestYml.get().name(), diagnostics);
            manifest = read(manifestYml.get(), diagnostics)
                    .map(root -> ManifestBinder.bind(root, manifestBinder))
                    .orElse(Manifest.EMPTY);
            sources = sources.merge(prefixed(manifestBinder.sourceMap()));
        }

        AppDefinition definition = new AppDefinition(services, manifest, sources, List.of());
        validateBesideBindingErrors(definition, environment, diagnostics);
        return new AppDefinition(services, manifest, sources, diagnostics.warnings());
    }

    /**
     * Runs the semantic rules even when binding failed, so that a user sees every mistake in one
     * run. A value that failed to bind is absent from the model, so a rule may then report a
     * consequence of the same mistake ("neither image nor git_url" after a malformed image); rule
     * findings that touch a key path already carrying a binding error in the same file are dropped.
     */
    private static void validateBesideBindingErrors(AppDefinition definition, String environment,
            Diagnostics diagnostics) {
        List<Diagnostic> bindingErrors = diagnostics.errors();
        Diagnostics ruleFindings = new Diagnostics();
        DefinitionValidator.validate(definition, environment, ruleFindings);
        for (Diagnostic finding : ruleFindings.sorted()) {
            boolean consequence = bindingErrors.stream().anyMatch(error -> overlaps(error, finding));
            if (!consequence) {
                diagnostics.add(finding);
            }
        }
    }

    private static boolean overlaps(Diagnostic a, Diagnostic b) {
        return a.position().file().equals(b.position().file())
                && (isWithin(a.keyPath(), b.keyPath()) || isWithin(b.keyPath(), a.keyPath()));
    }

    /** Whether {@code path} is {@code ancestor} or below it, on key-path boundaries. */
    private static boolean isWithin(String path, String ancestor) {
        return ancestor.isEmpty() || path.equals(ancestor)
                || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    private Optional<YamlNode> read(Source source, Diagnostics diagnostics) {
        return source.path() != null
                ? reader.readFile(source.path(), source.name(), diagnostics)
                : reader.read(source.name(), source.text(), diagnostics);
    }

    private static SourceMap prefixed(SourceMap manifestSources) {
        SourceMap.Builder builder = SourceMap.builder(
                manifestSources.asMap().values().stream().findFirst().map(SourcePosition::file).orElse("manifest.yml"));
        manifestSources.asMap().forEach((path, at) -> builder.put(AppDefinition.MANIFEST_PATH_PREFIX + path, at));
        return builder.build();
    }
}
