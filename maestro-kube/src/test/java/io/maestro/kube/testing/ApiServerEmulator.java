package io.maestro.kube.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API-server behaviour the mock's CRUD mode lacks, in front of it (ARCHITECTURE §3).
 *
 * <ul>
 *   <li><b>Server-side apply</b>: a {@code PATCH} with {@code application/apply-patch+yaml} becomes
 *       create-or-merge: a {@code POST} when the object is absent, otherwise a {@code PUT} of the
 *       live object with the applied one merged in (maps merged, lists and scalars replaced). Field
 *       ownership is NOT emulated: conflicts are injected as {@link #fail faults}.</li>
 *   <li><b>The scale subresource</b> of Deployments: {@code GET}, {@code PUT} (with the
 *       resourceVersion precondition) and merge {@code PATCH} of {@code .../scale}.</li>
 *   <li><b>A request log</b> to count writes, and <b>faults</b>: canned answers (500, 409, a delayed
 *       answer) for the requests that match.</li>
 * </ul>
 */
public final class ApiServerEmulator extends Dispatcher {

    /** One request as the server saw it ({@code body} empty for reads). */
    public record Request(String method, String path, String contentType, String body) {

        /** POST, PUT, PATCH or DELETE. */
        public boolean isWrite() {
            return !method.equals("GET");
        }

        /** The path without the query. */
        public String resourcePath() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Fault(Predicate<Request> when, AtomicInteger remaining, int code, String body, Duration delay) {}

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final Pattern SCALE = Pattern.compile("(/apis/apps/v1/namespaces/[^/]+/deployments/[^/?]+)/scale");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        boolean read = request.getMethod().equals("GET");
        // getBytes() leaves the body in place for the handlers below.
        String body = read || request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        Request seen = new Request(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), body);
        log.add(seen);
        for (Fault fault : faults) {
            if (fault.when().test(seen) && fault.remaining().getAndDecrement() > 0) {
                MockResponse response = new MockResponse().setResponseCode(fault.code()).setBody(fault.body());
                return fault.delay() == null ? response : response.setBodyDelay(fault.delay());
            }
        }
        if (seen.method().equals("PATCH") && seen.contentType() != null && seen.contentType().startsWith(APPLY_PATCH)) {
            return serverSideApply(seen, request.getBody().readUtf8());
        }
        Matcher scale = SCALE.matcher(seen.resourcePath());
        if (scale.matches()) {
            return scale(seen, scale.group(1), request);
        }
        return crud.dispatch(request);
    }

    // --- the request log ---------------------------------------------------------------------

    /** Every request since the last {@link #clearLog()}. */
    public List<Request> requests() {
        return List.copyOf(log);
    }

    /** The writes (POST, PUT, PATCH, DELETE) since the last {@link #clearLog()}. */
    public List<Request> writes() {
        return log.stream().filter(Request::isWrite).toList();
    }

    public void clearLog() {
        log.clear();
    }

    // --- faults ------------------------------------------------------------------------------

    /** The next {@code times} requests matching {@code when} get {@code code} with a Kubernetes Status body. */
    public void fail(Predicate<Request> when, int times, int code, String reason, String message, Map<String, String> causes) {
        faults.add(new Fault(when, new AtomicInteger(times), code, status(code, reason, message, causes), null));
    }

    /** The next {@code times} requests matching {@code when} are answered (with a 500) only after {@code delay}. */
    public void delay(Predicate<Request> when, int times, Duration delay) {
        faults.add(new Fault(when, new AtomicInteger(times), 500, status(500, "InternalError", "too late", Map.of()), delay));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Matches requests by method and a fragment of the path. */
    public static Predicate<Request> request(String method, String pathFragment) {
        return r -> r.method().equals(method) && r.path().contains(pathFragment);
    }

    private static String status(int code, String reason, String message, Map<String, String> causes) {
        ObjectNode status = JSON.createObjectNode()
                .put("apiVersion", "v1").put("kind", "Status").put("status", "Failure")
                .put("code", code).put("reason", reason).put("message", message);
        if (!causes.isEmpty()) {
            ArrayNode list = status.putObject("details").putArray("causes");
            causes.forEach((field, causeMessage) -> list.addObject()
                    .put("reason", code == 409 ? "FieldManagerConflict" : "FieldValueInvalid")
                    .put("field", field).put("message", causeMessage));
        }
        return status.toString();
    }

    // --- server-side apply -------------------------------------------------------------------

    private MockResponse serverSideApply(Request request, String body) {
        if (!request.path().contains("fieldManager=")) {
            // A real API server requires a field manager for apply patches.
            return new MockResponse().setResponseCode(400)
                    .setBody(status(400, "BadRequest", "fieldManager is required for apply requests", Map.of()));
        }
        JsonNode applied = readTree(YAML, body);
        String objectPath = request.resourcePath();
        MockResponse existing = crud.handleGet(objectPath);
        if (existing.code() == 404) {
            String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
            return crud.dispatch(recorded(HttpMethod.POST, collection, applied.toString()));
        }
        JsonNode merged = merge(readTree(JSON, existing.getBody().readUtf8()), applied);
        return crud.dispatch(recorded(HttpMethod.PUT, objectPath, merged.toString()));
    }

    /** Maps merged key by key; lists and scalars replaced: close enough to apply for one manager. */
    private static JsonNode merge(JsonNode live, JsonNode applied) {
        if (!(live instanceof ObjectNode liveObject) || !applied.isObject()) {
            return applied.deepCopy();
        }
        ObjectNode result = liveObject.deepCopy();
        for (Map.Entry<String, JsonNode> field : applied.properties()) {
            JsonNode current = result.get(field.getKey());
            result.set(field.getKey(), current == null ? field.getValue().deepCopy() : merge(current, field.getValue()));
        }
        return result;
    }

    // --- the scale subresource ---------------------------------------------------------------

    private MockResponse scale(Request request, String deploymentPath, RecordedRequest raw) {
        MockResponse current = crud.handleGet(deploymentPath);
        if (current.code() != 200) {
            return current;
        }
        ObjectNode deployment = (ObjectNode) readTree(JSON, current.getBody().readUtf8());
        switch (request.method()) {
            case "GET" -> {
                return ok(toScale(deployment));
            }
            case "PUT", "PATCH" -> {
                JsonNode scale = readTree(JSON, raw.getBody().readUtf8());
                String precondition = scale.path("metadata").path("resourceVersion").asText("");
                String live = deployment.path("metadata").path("resourceVersion").asText();
                if (!precondition.isEmpty() && !precondition.equals(live)) {
                    return new MockResponse().setResponseCode(409).setBody(status(409, "Conflict",
                            "Operation cannot be fulfilled on deployments.apps \"" + deployment.path("metadata").path("name").asText()
                                    + "\": the object has been modified; please apply your changes to the latest version and try again",
                            Map.of()));
                }
                if (!scale.path("spec").has("replicas")) {
                    return new MockResponse().setResponseCode(422)
                            .setBody(status(422, "Invalid", "spec.replicas is required", Map.of()));
                }
                ((ObjectNode) deployment.path("spec")).put("replicas", scale.path("spec").path("replicas").asInt());
                MockResponse updated = crud.dispatch(recorded(HttpMethod.PUT, deploymentPath, deployment.toString()));
                if (updated.code() != 200) {
                    return updated;
                }
                return ok(toScale((ObjectNode) readTree(JSON, updated.getBody().readUtf8())));
            }
            default -> {
                return new MockResponse().setResponseCode(405);
            }
        }
    }

    private static ObjectNode toScale(ObjectNode deployment) {
        ObjectNode scale = JSON.createObjectNode().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
        JsonNode meta = deployment.path("metadata");
        scale.putObject("metadata")
                .put("name", meta.path("name").asText())
                .put("namespace", meta.path("namespace").asText())
                .put("uid", meta.path("uid").asText())
                .put("resourceVersion", meta.path("resourceVersion").asText());
        scale.putObject("spec").put("replicas", deployment.path("spec").path("replicas").asInt(1));
        StringBuilder selector = new StringBuilder();
        deployment.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                selector.append(selector.isEmpty() ? "" : ",").append(label.getKey()).append('=').append(label.getValue().asText()));
        scale.putObject("status")
                .put("replicas", deployment.path("status").path("replicas").asInt(0))
                .put("selector", selector.toString());
        return scale;
    }

    // --- helpers -----------------------------------------------------------------------------

    private static MockResponse ok(JsonNode body) {
        return new MockResponse().setResponseCode(200).setBody(body.toString());
    }

    private static RecordedRequest recorded(HttpMethod method, String path, String json) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode readTree(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
