package io.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.maestro.model.bind.Binder;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request's JSON object body with typed, user-worded accessors: each failure is a 400 that
 * names the field, says what was expected and what was found.
 *
 * <pre>{@code
 * JsonBody body = JsonBody.of(ctx, json);
 * String value = body.requiredText("value");
 * boolean secret = body.optionalBoolean("secret").orElse(false);
 * }</pre>
 */
public final class JsonBody {

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** The body of {@code ctx}; a 400 unless it is a JSON object. */
    public static JsonBody of(Context ctx, ObjectMapper json) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest("expected a JSON object as the request body, got malformed JSON");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("expected a JSON object as the request body");
        }
        return new JsonBody(body);
    }

    public JsonNode node() {
        return node;
    }

    public String requiredText(String field) {
        return optionalText(field).orElseThrow(() -> ApiException.badRequest(field + ": expected a string, got nothing"));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string, got " + value.getNodeType().name().toLowerCase());
        }
        return Optional.of(value.asText());
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + ": expected true or false, got " + value);
        }
        return Optional.of(value.asBoolean());
    }

    /** Checks {@code value} against {@code grammar}; a 400 naming {@code what} otherwise. */
    public static String matching(String field, String value, Pattern grammar, String what) {
        if (!grammar.matcher(value).matches()) {
            throw ApiException.badRequest(field + ": expected " + what + ", got " + Binder.quote(value));
        }
        return value;
    }
}
