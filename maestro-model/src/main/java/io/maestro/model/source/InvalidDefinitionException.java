package io.maestro.model.source;

import io.maestro.model.MaestroException;
import java.util.List;

/** A user's files are invalid; carries every diagnostic, errors and warnings, in file order. */
public final class InvalidDefinitionException extends MaestroException {

    private final List<Diagnostic> diagnostics;

    public InvalidDefinitionException(List<Diagnostic> diagnostics) {
        super(summary(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    private static String summary(List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
        if (errors.isEmpty()) {
            return "invalid definition";
        }
        String first = errors.get(0).format();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more errors)";
    }
}
