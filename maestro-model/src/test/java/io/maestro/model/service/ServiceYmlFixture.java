package io.maestro.model.service;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Loads a service.yml text the way {@code maestro validate} does and keeps every diagnostic as the
 * formatted line the user sees. Shared through the model test-jar.
 *
 * <pre>{@code
 * Loaded loaded = ServiceYmlFixture.load("services: {web: {image: nginx}}");
 * assertThat(loaded.errors()).isEmpty();
 * Service web = loaded.service("web");
 * }</pre>
 */
public final class ServiceYmlFixture {

    /** Where the reference examples live on the test classpath. */
    public static final String REFERENCE_EXAMPLES = "/examples/reference/";

    private ServiceYmlFixture() {}

    /** The outcome of one load: the definition (meaningful only without errors) and the printed lines. */
    public record Loaded(AppDefinition definition, List<String> errors, List<String> warnings) {
        public Service service(String name) {
            return definition.services().service(name)
                    .orElseThrow(() -> new AssertionError("no service '" + name + "'; errors: " + errors));
        }

        public ServiceDefinition services() {
            return definition.services();
        }
    }

    public static Loaded load(String yaml) {
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition definition = DefinitionLoader.create()
                .loadCollecting(Source.text("service.yml", yaml), Optional.empty(), null, diagnostics);
        return new Loaded(definition,
                diagnostics.errors().stream().map(Diagnostic::format).toList(),
                diagnostics.warnings().stream().map(Diagnostic::format).toList());
    }

    /** A reference example by folder name: example-a, example-b, example-c or v1. */
    public static String referenceExample(String name) {
        return resource(REFERENCE_EXAMPLES + name + "/service.yml");
    }

    public static String resource(String path) {
        try (InputStream in = ServiceYmlFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
