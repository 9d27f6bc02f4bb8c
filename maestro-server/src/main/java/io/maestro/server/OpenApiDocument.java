package io.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Assembles the OpenAPI document served at {@code /api/openapi.json} from {@code openapi/base.json}
 * and one fragment per {@link RouteGroup}. Fragments live next to the code they document, so
 * adding a route group never edits a shared file; a path or component defined twice is a
 * programming error and stops the server from starting.
 */
final class OpenApiDocument {

    private static final String FOLDER = "openapi/";
    private static final String BASE = "base.json";

    private OpenApiDocument() {
    }

    static byte[] assemble(ObjectMapper json, List<String> fragments) {
        ObjectNode document = (ObjectNode) read(json, BASE);
        for (String fragment : fragments) {
            JsonNode part = read(json, fragment);
            mergeInto(document, "paths", part.path("paths"), fragment);
            JsonNode components = part.path("components");
            components.properties().forEach(section -> mergeInto(
                    (ObjectNode) document.with("components"), section.getKey(), section.getValue(), fragment));
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    private static void mergeInto(ObjectNode parent, String field, JsonNode additions, String fragment) {
        ObjectNode target = parent.with(field);
        additions.properties().forEach(entry -> {
            if (target.has(entry.getKey())) {
                throw new IllegalStateException("OpenAPI fragment " + fragment + " defines " + field + " '"
                        + entry.getKey() + "' again");
            }
            target.set(entry.getKey(), entry.getValue());
        });
    }

    private static JsonNode read(ObjectMapper json, String name) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + FOLDER + name + " is missing from the server jar");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + FOLDER + name, e);
        }
    }
}
