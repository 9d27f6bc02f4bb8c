package io.maestro.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny in-test HTTP server that answers the DEPLOY routes of the API contract with canned
 * answers (and a bearer-token check), so the deploy family of commands is tested on the wire
 * without a deploy engine or a cluster. Requests are recorded for assertions.
 */
final class ContractServer implements AutoCloseable {

    static final String TOKEN = "maestro_contract-test-token";

    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final HttpServer http;

    private ContractServer(HttpServer http) {
        this.http = http;
    }

    static ContractServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ContractServer server = new ContractServer(http);
            http.createContext("/", server::handle);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    Map<String, String> env() {
        return Map.of("MAESTRO_SERVER", url(), "MAESTRO_TOKEN", TOKEN, "MAESTRO_CONFIG", "/nonexistent/cli.json");
    }

    static String deployment(long id, String status, String detail, Long rollbackOf) {
        return "{\"id\":" + id + ",\"application\":\"shop\",\"environment\":\"production\",\"version\":3,\"status\":\"" + status
                + "\",\"requestedBy\":\"dora\",\"createdAt\":\"2026-11-25T01:00:00Z\",\"startedAt\":null,\"finishedAt\":null,"
                + "\"detail\":" + (detail == null ? "null" : "\"" + detail + "\"") + ",\"cluster\":\"main\",\"rollbackOf\":" + rollbackOf + "}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + path + (query == null ? "" : "?" + query));
        bodies.put(method + " " + path, body);
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, "{\"error\":\"unauthorized\",\"message\":\"the bearer token is unknown or revoked\"}");
            return;
        }
        switch (method + " " + path) {
            case "POST /api/v1/apps/shop/deployments" -> json(exchange, 202,
                    deployment(body.contains("\"version\":9") ? 8 : body.contains("staging") ? 10 : 7, "queued", null, null));
            case "POST /api/v1/apps/nocluster/deployments" -> json(exchange, 409, "{\"error\":\"conflict\",\"message\":"
                    + "\"no cluster for nocluster/production; add one with `maestro clusters add`\"}");
            case "GET /api/v1/deployments/7/events" -> sse(exchange, List.of(
                    "step", "{\"seq\":1,\"name\":\"apply\",\"status\":\"running\",\"detail\":null}",
                    "log", "{\"time\":\"2026-11-25T01:00:01Z\",\"line\":\"applied 3 objects\"}",
                    "progress", "{\"service\":\"web\",\"desired\":3,\"updated\":1,\"ready\":0,\"available\":0}",
                    "progress", "{\"service\":\"web\",\"desired\":3,\"updated\":2,\"ready\":1,\"available\":1}",
                    "progress", "{\"service\":\"web\",\"desired\":3,\"updated\":2,\"ready\":1,\"available\":1}",
                    "progress", "{\"service\":\"worker\",\"desired\":1,\"updated\":1,\"ready\":1,\"available\":1}",
                    "progress", "{\"service\":\"web\",\"desired\":3,\"updated\":3,\"ready\":3,\"available\":3}",
                    "step", "{\"seq\":1,\"name\":\"apply\",\"status\":\"succeeded\",\"detail\":\"3 objects\"}",
                    "done", "{\"status\":\"succeeded\",\"detail\":null}"));
            case "GET /api/v1/deployments/8/events" -> sse(exchange, List.of(
                    "log", "{\"time\":\"2026-11-25T01:00:01Z\",\"line\":\"web: 0/2 ready: ImagePullBackOff\"}",
                    "done", "{\"status\":\"failed\",\"detail\":\"rollout of web failed: ProgressDeadlineExceeded\"}"));
            case "GET /api/v1/deployments/10/events" -> {
                // The first connection breaks before "done"; the second replays the past, then ends.
                int n = connections.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                List<String> past = List.of("log", "{\"time\":\"t\",\"line\":\"line a\"}", "log", "{\"time\":\"t\",\"line\":\"line b\"}");
                if (n == 1) {
                    sse(exchange, past);
                } else {
                    sse(exchange, concat(past, List.of("log", "{\"time\":\"t\",\"line\":\"line c\"}",
                            "done", "{\"status\":\"succeeded\",\"detail\":null}")));
                }
            }
            case "GET /api/v1/deployments/10" -> json(exchange, 200, deployment(10, "running", null, null));
            case "GET /api/v1/deployments/7" -> json(exchange, 200, deployment(7, "succeeded", null, null)
                    .replaceFirst("}$", ",\"steps\":[{\"seq\":1,\"name\":\"apply\",\"status\":\"succeeded\","
                            + "\"startedAt\":\"2026-11-25T01:00:01Z\",\"finishedAt\":\"2026-11-25T01:00:02Z\",\"detail\":\"3 objects\"}],"
                            + "\"log\":[{\"time\":\"2026-11-25T01:00:01Z\",\"line\":\"applied 3 objects\"}]}"));
            case "GET /api/v1/deployments/8" -> json(exchange, 200, deployment(8, "failed", "rollout of web failed", null)
                    .replaceFirst("}$", ",\"steps\":[],\"log\":[]}"));
            case "GET /api/v1/deployments/404" -> json(exchange, 404, "{\"error\":\"not_found\",\"message\":\"no deployment 404\"}");
            case "GET /api/v1/apps/shop/deployments" -> json(exchange, 200, "{\"deployments\":["
                    + deployment(9, "succeeded", null, 7L) + "," + deployment(8, "failed", "rollout of web failed", null) + "]}");
            case "POST /api/v1/apps/shop/rollback" -> json(exchange, 202, deployment(7, "queued", null, 5L));
            case "POST /api/v1/apps/shop/services/web/scale" -> {
                if (body.contains("\"99\"")) {
                    json(exchange, 422, "{\"error\":\"invalid\",\"message\":\"replicas: 99 is outside the bounds 1..10 of service web\"}");
                } else {
                    json(exchange, 200, "{\"service\":\"web\",\"environment\":\"production\",\"from\":2,\"to\":5,\"min\":1,\"max\":10}");
                }
            }
            case "GET /api/v1/apps/shop/status" -> json(exchange, 200, "{\"application\":\"shop\",\"environment\":\"production\","
                    + "\"cluster\":\"main\",\"services\":[{\"name\":\"web\",\"desired\":3,\"ready\":3,\"updated\":3,\"available\":3,"
                    + "\"images\":[\"acme/web:1.1\"],\"endpoints\":[\"http://10.0.0.5:80\"]}],\"lastDeployment\":"
                    + deployment(7, "succeeded", null, null) + ",\"drift\":{\"checkedAt\":\"2026-11-25T01:05:00Z\","
                    + "\"objects\":[{\"kind\":\"Deployment\",\"name\":\"web\",\"change\":\"spec.replicas changed\"}]}}");
            case "POST /api/v1/apps/shop/environments/production/unlock" -> json(exchange, 200,
                    "{\"released\":true,\"holder\":\"deployment 7\",\"acquiredAt\":null,\"expiresAt\":null}");
            case "POST /api/v1/apps/blog/environments/production/unlock" -> json(exchange, 403,
                    "{\"error\":\"forbidden\",\"message\":\"this needs the role admin, user 'dora' has deployer\"}");
            default -> json(exchange, 404, "{\"error\":\"not_found\",\"message\":\"no route " + method + " " + path + "\"}");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends alternating event types and data, then closes the stream. */
    private static void sse(HttpExchange exchange, List<String> events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": keep-alive comment\n\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < events.size(); i += 2) {
                out.write(("event: " + events.get(i) + "\ndata: " + events.get(i + 1) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
