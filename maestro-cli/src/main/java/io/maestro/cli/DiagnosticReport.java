package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints what validation found, the same way for every command: in text mode one diagnostic per
 * line on stderr, exactly {@link Diagnostic#format()}; in JSON mode the lists go into the
 * command's JSON object instead.
 *
 * @param errors errors in file order
 * @param warnings warnings in file order
 * @param truncated whether more problems were found than {@link Diagnostics#MAX_REPORTED}
 */
record DiagnosticReport(List<Diagnostic> errors, List<Diagnostic> warnings, boolean truncated) {

    static DiagnosticReport of(Diagnostics diagnostics) {
        return new DiagnosticReport(diagnostics.errors(), diagnostics.warnings(), diagnostics.truncated());
    }

    static DiagnosticReport of(List<Diagnostic> diagnostics) {
        return new DiagnosticReport(
                diagnostics.stream().filter(Diagnostic::isError).toList(),
                diagnostics.stream().filter(d -> !d.isError()).toList(),
                false);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** Every diagnostic, errors and warnings interleaved in file order, one per line. */
    void printText(PrintWriter err) {
        Stream.concat(errors.stream(), warnings.stream())
                .sorted(Comparator.comparing(Diagnostic::position).thenComparing(Diagnostic::severity))
                .forEach(d -> err.println(d.format()));
        if (truncated) {
            err.println("maestro: error: more than " + Diagnostics.MAX_REPORTED
                    + " problems; only the first " + Diagnostics.MAX_REPORTED + " are shown");
        }
    }

    /** Adds {@code errors}, {@code warnings} and {@code truncated} to a JSON object. */
    ObjectNode addTo(ObjectNode node) {
        node.set("errors", Json.diagnostics(errors));
        node.set("warnings", Json.diagnostics(warnings));
        node.put("truncated", truncated);
        return node;
    }
}
