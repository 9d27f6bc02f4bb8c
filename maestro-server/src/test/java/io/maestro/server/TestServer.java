package io.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.store.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server on a free port over SQLite in a temporary {@code MAESTRO_HOME}, with a
 * java.net.http client and the admin token read from what the server printed.
 */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADMIN_LINE = Pattern.compile("(?m)^admin token: (\\S+)$");

    final MaestroServer server;
    final String printed;
    final String adminToken;
    private final HttpClient client = HttpClient.newHttpClient();

    private TestServer(MaestroServer server, String printed) {
        this.server = server;
        this.printed = printed;
        Matcher m = ADMIN_LINE.matcher(printed);
        this.adminToken = m.find() ? m.group(1) : null;
    }

    static TestServer start(Path home) {
        return start(home, null);
    }

    /** A server whose BuildGrid runs with {@code builds} (tests allow {@code file://} git URLs). */
    static TestServer startWithBuilds(Path home, io.maestro.server.build.BuildConfig builds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaestroServer server = MaestroServer.start(new ServerConfig(0, home, null),
                new PrintStream(out, true, StandardCharsets.UTF_8), null, io.maestro.server.deploy.DeployConfig.defaults(), builds);
        return new TestServer(server, out.toString(StandardCharsets.UTF_8));
    }

    /** A server over the database at {@code databaseUrl} (null: SQLite in {@code home}). */
    static TestServer start(Path home, String databaseUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaestroServer server = MaestroServer.start(new ServerConfig(0, home, databaseUrl),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new TestServer(server, out.toString(StandardCharsets.UTF_8));
    }

    /** A server over SQLite whose builds may clone {@code file://} repositories (BuildGrid tests). */
    static TestServer startWithLocalGit(Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaestroServer server = MaestroServer.start(new ServerConfig(0, home, null),
                new PrintStream(out, true, StandardCharsets.UTF_8), null, io.maestro.server.deploy.DeployConfig.defaults(),
                io.maestro.server.build.BuildConfig.under(home).withLocalRepositories(true));
        return new TestServer(server, out.toString(StandardCharsets.UTF_8));
    }

    /** Creates a user with {@code role} and returns a fresh token for them. */
    String tokenFor(String user, Role role) {
        server.store().users().create(user, role);
        return server.store().tokens().issue(user).value();
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, Object body) {
        try {
            return send("POST", path, token, body == null ? "" : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> app(String name, String serviceYml, String manifestYml, String comment) {
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("serviceYml", serviceYml);
        if (manifestYml != null) {
            body.put("manifestYml", manifestYml);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    @Override
    public void close() {
        server.close();
    }

    /** A response: status and body, with the body parsed as JSON on demand. */
    record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("expected a JSON body, got: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
