package io.maestro.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.source.Diagnostic;
import java.util.Collection;

/**
 * The JSON that {@code --output json} prints: objects with fields in a fixed order, indented by
 * two spaces, one value per line, so output is stable and diffable.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENTER)
            .withArrayIndenter(INDENTER);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    /** {@code {file, line, column, severity, keyPath, message, hint}}; hint is null when absent. */
    static ObjectNode diagnostic(Diagnostic diagnostic) {
        ObjectNode node = object();
        node.put("file", diagnostic.position().file());
        node.put("line", diagnostic.position().line());
        node.put("column", diagnostic.position().column());
        node.put("severity", diagnostic.severity().label());
        node.put("keyPath", diagnostic.keyPath());
        node.put("message", diagnostic.message());
        node.put("hint", diagnostic.hint());
        return node;
    }

    static ArrayNode diagnostics(Collection<Diagnostic> diagnostics) {
        ArrayNode array = array();
        diagnostics.forEach(d -> array.add(diagnostic(d)));
        return array;
    }

    /** Pretty-printed, ending with a newline. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            // Trees built from strings and numbers always serialize.
            throw new IllegalStateException(e);
        }
    }
}
