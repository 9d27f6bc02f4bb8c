package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.source.Diagnostics;

/** Reports a rule's finding at the position the key path was read from. */
final class Reporter {

    private final AppDefinition definition;
    private final Diagnostics diagnostics;

    Reporter(AppDefinition definition, Diagnostics diagnostics) {
        this.definition = definition;
        this.diagnostics = diagnostics;
    }

    void error(String path, String message) {
        diagnostics.error(definition.sources().at(path), path, message);
    }

    void error(String path, String message, String hint) {
        diagnostics.error(definition.sources().at(path), path, message, hint);
    }

    void warning(String path, String message, String hint) {
        diagnostics.warning(definition.sources().at(path), path, message, hint);
    }
}
