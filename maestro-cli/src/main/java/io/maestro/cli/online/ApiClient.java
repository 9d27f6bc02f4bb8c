package io.maestro.cli.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Severity;
import io.maestro.model.source.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A small client of the Maestro REST API ({@code /api/v1}): JSON in and out with a bearer token,
 * and server-sent event streams. Every failure is a {@link io.maestro.model.MaestroException}
 * written for the user: {@link ServerUnreachableException} (names the URL),
 * {@link ApiFailure} for error answers (401: the token was rejected; 403: the role needed; 422:
 * the positioned diagnostics of an invalid definition).
 *
 * <pre>{@code
 * ApiClient api = ApiClient.of(profile);
 * JsonNode apps = api.get("/apps");
 * api.put("/apps/shop/env-vars/" + ApiClient.segment(name), Map.of("value", value));
 * api.events("/deployments/42/events", event -> { ...; return true; });
 * }</pre>
 */
public final class ApiClient {

    /** The API's path prefix. */
    public static final String API = "/api/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI server;
    private final String token;
    private final String profileName;
    private final HttpClient http;

    private ApiClient(URI server, String token, String profileName) {
        this.server = Objects.requireNonNull(server, "server");
        this.token = Objects.requireNonNull(token, "token");
        this.profileName = profileName;
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance in front of every request and event stream.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A client for {@code server} with {@code token}; {@code profileName} (may be null) only words errors. */
    public static ApiClient of(URI server, String token, String profileName) {
        return new ApiClient(server, token, profileName);
    }

    public static ApiClient of(Profile profile) {
        return new ApiClient(profile.server(), profile.token(), profile.name());
    }

    public URI server() {
        return server;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends a request and returns the JSON answer ({@link NullNode} for an empty body, e.g. 204).
     *
     * @param path under {@code /api/v1}, starting with {@code /}, segments already encoded with {@link #segment}
     * @param body any value Jackson writes (a Map, a JsonNode), or null for none
     */
    public JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = request(path).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json = parse(response.body(), response);
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), json, response.body());
        }
        if (json == null) {
            throw new ApiFailure(response.statusCode(), "not_json", "the server at " + server + " answered HTTP "
                    + response.statusCode() + " with " + response.headers().firstValue("Content-Type").orElse("no content type")
                    + ", not Maestro's JSON: is " + server + " a Maestro server?", List.of(), null);
        }
        return json;
    }

    /**
     * Reads the {@code text/event-stream} at {@code path} until the server closes it or
     * {@code listener} returns false.
     *
     * @return whether the listener stopped the stream (false: the server ended it)
     */
    public boolean events(String path, SseReader.Listener listener) {
        HttpRequest request = request(path).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                throw failure(response.statusCode(), parse(text, response), text);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                throw new ApiFailure(response.statusCode(), "not_event_stream", "expected an event stream from "
                        + server + API + path + ", got " + (type.isEmpty() ? "no content type" : type), List.of(), null);
            }
            return SseReader.read(body, listener);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, "the event stream broke: " + describe(e), e);
        }
    }

    /** One path segment, percent-encoded (names with spaces or slashes cannot break the path). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?a=1&b=2} from the non-null values, or "" when all are null. */
    public static String query(Map<String, ?> params) {
        StringJoiner joiner = new StringJoiner("&", "?", "");
        joiner.setEmptyValue("");
        params.forEach((key, value) -> {
            if (value != null) {
                joiner.add(segment(key) + "=" + segment(String.valueOf(value)));
            }
        });
        return joiner.toString();
    }

    /** {@link #query(Map)} from alternating keys and values. */
    public static String query(Object... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            params.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return query(params);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + API + path))
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "maestro-cli");
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(server, "interrupted", e);
        }
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " seconds";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " seconds";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused";
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private ApiFailure failure(int status, JsonNode json, String text) {
        String code = json == null ? "http_" + status : json.path("error").asText("http_" + status);
        String message = json == null || !json.path("message").isTextual()
                ? "HTTP " + status + (text == null || text.isBlank() ? "" : ": " + firstLine(text))
                : json.path("message").asText();
        String profile = profileName == null ? "" : " (profile '" + profileName + "')";
        return switch (status) {
            case 401 -> new ApiFailure(status, code, "the server at " + server + " rejected the token" + profile + ": "
                    + message + "; log in again with `maestro login --server " + server + " --token TOKEN"
                    + (profileName == null ? "" : " --profile " + profileName) + "`", List.of(), json);
            case 403 -> new ApiFailure(status, code, "permission denied: " + message, List.of(), json);
            default -> new ApiFailure(status, code, message, diagnostics(json), json);
        };
    }

    /** The {@code errors} and {@code warnings} of a 422 answer, as the model's diagnostics. */
    private static List<Diagnostic> diagnostics(JsonNode json) {
        List<Diagnostic> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        addAll(out, json.path("errors"), Severity.ERROR);
        addAll(out, json.path("warnings"), Severity.WARNING);
        // Also the contract's spelling, "diagnostics", with a "severity" field.
        for (JsonNode d : json.path("diagnostics")) {
            add(out, d, "warning".equals(d.path("severity").asText()) ? Severity.WARNING : Severity.ERROR);
        }
        out.sort((a, b) -> a.position().compareTo(b.position()));
        return out;
    }

    private static void addAll(List<Diagnostic> out, JsonNode array, Severity severity) {
        for (JsonNode d : array) {
            add(out, d, severity);
        }
    }

    private static void add(List<Diagnostic> out, JsonNode d, Severity severity) {
        if (!d.isObject() || !d.path("message").isTextual()) {
            return;
        }
        SourcePosition at = new SourcePosition(d.path("file").asText("?"),
                Math.max(1, d.path("line").asInt(1)), Math.max(1, d.path("column").asInt(1)));
        out.add(new Diagnostic(severity, at, d.path("keyPath").asText(""), d.path("message").asText(),
                d.path("hint").isTextual() ? d.path("hint").asText() : null));
    }

    private static JsonNode parse(String text, HttpResponse<?> response) {
        if (text == null || text.isEmpty()) {
            return NullNode.getInstance();
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.contains("json")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
