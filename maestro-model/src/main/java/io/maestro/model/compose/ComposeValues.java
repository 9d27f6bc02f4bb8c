package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.compose.Interpolation.Parsed;
import io.maestro.model.compose.Interpolation.Result;
import io.maestro.model.yaml.YamlNode;
import java.util.Optional;

/**
 * Reads compose scalars with their variables rewritten, reporting interpolation syntax errors
 * (compose rejects those files too) and values that cannot be expressed.
 */
final class ComposeValues {

    private final ConversionNotes notes;

    ComposeValues(ConversionNotes notes) {
        this.notes = notes;
    }

    /** The scalar's text with its variables parsed; empty after reporting a type or syntax error. */
    Optional<Parsed> parsed(YamlNode node, String path) {
        Optional<String> text = notes.binder().string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Interpolation.parse(text.get()));
        } catch (Interpolation.SyntaxError e) {
            notes.error(node, path, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A value where service.yml expands nothing: variables give way to their defaults (with a
     * warning); a variable without a default makes the setting "not converted".
     */
    Optional<String> literal(YamlNode node, String path) {
        return parsed(node, path).flatMap(parsed -> literal(parsed, node, path));
    }

    Optional<String> literal(Parsed parsed, YamlNode node, String path) {
        Result result = Interpolation.withDefaults(parsed);
        if (result.failedToConvert()) {
            notes.notConverted(path, result.failure());
            return Optional.empty();
        }
        if (parsed.hasVariables()) {
            notes.warning(node, path, "uses the default value of "
                    + String.join(", ", parsed.variables().stream().map(Interpolation.Variable::source).toList())
                    + "; service.yml does not expand variables here, so the value is fixed to "
                    + Binder.quote(result.value()));
        }
        return result.optionalValue();
    }

    /** An {@code env_vars} value: variables become {@code _env(NAME[:default])}. */
    Optional<String> envValue(YamlNode node, String path) {
        return parsed(node, path).flatMap(parsed -> {
            Result result = Interpolation.toEnvReferences(parsed);
            if (result.failedToConvert()) {
                notes.notConverted(path, result.failure());
            } else {
                Interpolation.requiredNames(parsed).forEach(notes::requiresVariable);
            }
            return result.optionalValue();
        });
    }
}
