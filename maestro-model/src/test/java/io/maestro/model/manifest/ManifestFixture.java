package io.maestro.model.manifest;

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

/** Loads a manifest next to a minimal valid service.yml, the way the CLI does. */
final class ManifestFixture {

    static final String SERVICE_YML = "services:\n  web:\n    image: nginx\n";

    private ManifestFixture() {}

    /** Loads and validates; throws {@code InvalidDefinitionException} on any error. */
    static AppDefinition load(String manifestYml, String environment) {
        return DefinitionLoader.create().load(Source.text("service.yml", SERVICE_YML),
                Optional.of(Source.text("manifest.yml", manifestYml)), environment);
    }

    static AppDefinition load(String manifestYml) {
        return load(manifestYml, null);
    }

    /** Every diagnostic, formatted as printed, in file order. */
    static List<String> diagnose(String manifestYml, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        DefinitionLoader.create().loadCollecting(Source.text("service.yml", SERVICE_YML),
                Optional.of(Source.text("manifest.yml", manifestYml)), environment, diagnostics);
        return diagnostics.sorted().stream().map(Diagnostic::format).toList();
    }

    static List<String> diagnose(String manifestYml) {
        return diagnose(manifestYml, null);
    }

    static List<String> errors(String manifestYml) {
        return errors(manifestYml, null);
    }

    static List<String> errors(String manifestYml, String environment) {
        return diagnose(manifestYml, environment).stream().filter(line -> line.contains(": error: ")).toList();
    }

    static String resource(String path) {
        try (InputStream in = ManifestFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
