package io.maestro.model.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while reading and validating, so that all of them are reported at
 * once. Not thread-safe: one collector per load.
 */
public final class Diagnostics {

    /** Above this many errors the rest are dropped; a runaway file must not flood the terminal. */
    public static final int MAX_REPORTED = 500;

    private final List<Diagnostic> items = new ArrayList<>();
    private boolean truncated;

    public Diagnostics add(Diagnostic diagnostic) {
        if (items.size() >= MAX_REPORTED) {
            truncated = true;
            return this;
        }
        if (!items.contains(diagnostic)) {
            items.add(diagnostic);
        }
        return this;
    }

    public Diagnostics addAll(Iterable<Diagnostic> diagnostics) {
        diagnostics.forEach(this::add);
        return this;
    }

    public Diagnostics error(SourcePosition at, String keyPath, String message) {
        return add(Diagnostic.error(at, keyPath, message));
    }

    public Diagnostics error(SourcePosition at, String keyPath, String message, String hint) {
        return add(Diagnostic.error(at, keyPath, message).withHint(hint));
    }

    public Diagnostics warning(SourcePosition at, String keyPath, String message) {
        return add(Diagnostic.warning(at, keyPath, message));
    }

    public Diagnostics warning(SourcePosition at, String keyPath, String message, String hint) {
        return add(Diagnostic.warning(at, keyPath, message).withHint(hint));
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) items.stream().filter(Diagnostic::isError).count();
    }

    public boolean truncated() {
        return truncated;
    }

    /** All diagnostics ordered by file, line, column; errors before warnings at the same spot. */
    public List<Diagnostic> sorted() {
        return items.stream()
                .sorted(Comparator.comparing(Diagnostic::position).thenComparing(Diagnostic::severity))
                .toList();
    }

    public List<Diagnostic> errors() {
        return sorted().stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return sorted().stream().filter(d -> !d.isError()).toList();
    }

    /** Throws {@link InvalidDefinitionException} carrying everything collected if any error was seen. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new InvalidDefinitionException(sorted());
        }
    }
}
