package io.maestro.server;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates an upload with {@link DefinitionLoader} before anything is stored. The texts are
 * named {@value #SERVICE_YML} and {@value #MANIFEST_YML} in every diagnostic.
 */
final class DefinitionCheck {

    static final String SERVICE_YML = "service.yml";
    static final String MANIFEST_YML = "manifest.yml";

    private final DefinitionLoader loader = DefinitionLoader.create();

    /** Every error and warning of the upload; {@link Result#valid()} when there is no error. */
    Result check(String serviceYml, String manifestYml) {
        Diagnostics diagnostics = new Diagnostics();
        loader.loadCollecting(DefinitionLoader.Source.text(SERVICE_YML, serviceYml),
                Optional.ofNullable(manifestYml).map(text -> DefinitionLoader.Source.text(MANIFEST_YML, text)),
                null, diagnostics);
        return new Result(json(diagnostics.errors()), json(diagnostics.warnings()));
    }

    private static List<Map<String, Object>> json(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(DefinitionCheck::json).toList();
    }

    private static Map<String, Object> json(Diagnostic d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", d.position().file());
        out.put("line", d.position().line());
        out.put("column", d.position().column());
        out.put("keyPath", d.keyPath());
        out.put("message", d.message());
        out.put("hint", d.hint());
        return out;
    }

    /** Diagnostics as the API returns them: {@code {file, line, column, keyPath, message, hint}}. */
    record Result(List<Map<String, Object>> errors, List<Map<String, Object>> warnings) {

        boolean valid() {
            return errors.isEmpty();
        }
    }
}
