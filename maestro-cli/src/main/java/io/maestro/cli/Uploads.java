package io.maestro.cli;

import io.maestro.cli.online.ApiFailure;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.SourcePosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service.yml / manifest.yml an upload sends, read from the files {@code -f} / {@code -m}
 * name. The server names them {@code service.yml} and {@code manifest.yml} in its diagnostics;
 * {@link #renamed} puts back the paths the user typed, so a rejected upload prints exactly the
 * lines {@code maestro validate} prints for the same files.
 */
final class Uploads {

    private static final String SERVER_SERVICE = "service.yml";
    private static final String SERVER_MANIFEST = "manifest.yml";

    private Uploads() {}

    /** {@code serviceYml}, {@code manifestYml} (when there is one) and {@code comment} (when given). */
    static Map<String, Object> body(DefinitionFiles files, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serviceYml", read(files.service().path(), files.service().name()));
        files.manifest().ifPresent(m -> body.put("manifestYml", read(m.path(), m.name())));
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    /** The failure with its diagnostics' files named as the user typed them. */
    static ApiFailure renamed(ApiFailure failure, DefinitionFiles files) {
        if (failure.diagnostics().isEmpty()) {
            return failure;
        }
        List<Diagnostic> renamed = failure.diagnostics().stream().map(d -> {
            String file = d.position().file();
            String typed = file.equals(SERVER_SERVICE) ? files.service().name()
                    : file.equals(SERVER_MANIFEST) ? files.manifest().map(m -> m.name()).orElse(file) : file;
            return new Diagnostic(d.severity(), new SourcePosition(typed, d.position().line(), d.position().column()),
                    d.keyPath(), d.message(), d.hint());
        }).toList();
        return new ApiFailure(failure.status(), failure.code(), failure.getMessage(), renamed, failure.body());
    }

    /** Prints the warnings of an accepted upload on stderr, one per line, as validate does. */
    static void printWarnings(com.fasterxml.jackson.databind.JsonNode answer, DefinitionFiles files, PrintWriter err) {
        for (com.fasterxml.jackson.databind.JsonNode w : answer.path("warnings")) {
            String file = w.path("file").asText(SERVER_SERVICE);
            String typed = file.equals(SERVER_MANIFEST) ? files.manifest().map(m -> m.name()).orElse(file) : files.service().name();
            Diagnostic d = Diagnostic.warning(new SourcePosition(typed, Math.max(1, w.path("line").asInt(1)),
                    Math.max(1, w.path("column").asInt(1))), w.path("keyPath").asText(""), w.path("message").asText(""))
                    .withHint(w.path("hint").isTextual() ? w.path("hint").asText() : null);
            err.println(d.format());
        }
        err.flush();
    }

    private static String read(java.nio.file.Path path, String typed) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UsageException(typed + ": cannot read the file: " + e.getMessage());
        }
    }
}
