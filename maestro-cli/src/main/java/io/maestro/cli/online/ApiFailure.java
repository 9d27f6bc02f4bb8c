package io.maestro.cli.online;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.model.MaestroException;
import io.maestro.model.source.Diagnostic;
import java.util.List;

/**
 * The server answered a request with an error: its HTTP status, the API's error code
 * ({@code not_found}, {@code forbidden}, ...), a message written for the user, the diagnostics of
 * an invalid definition (422), and the whole JSON body for {@code --output json}.
 */
public final class ApiFailure extends MaestroException {

    private final int status;
    private final String code;
    private final List<Diagnostic> diagnostics;
    private final JsonNode body;

    public ApiFailure(int status, String code, String message, List<Diagnostic> diagnostics, JsonNode body) {
        super(message);
        this.status = status;
        this.code = code;
        this.diagnostics = List.copyOf(diagnostics);
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Errors and warnings of a rejected definition, in file order; empty for other failures. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The response body as JSON; null when it was not JSON. */
    public JsonNode body() {
        return body;
    }
}
