package io.maestro.server.dashboard;

import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.store.app.NewVersion;
import io.maestro.store.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real control plane on a free port over SQLite in a temporary home, with a plain HTTP client
 * that never follows redirects and carries cookies only when told to: the dashboard's tests see
 * every status, {@code Location} and {@code Set-Cookie} as a browser would receive them.
 */
final class DashboardServer implements AutoCloseable {

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports:
                  - container: 3000
                    http: 80
              worker:
                image: acme/worker:1.0
                constraints:
                  min_count: 3
            """;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final MaestroServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private DashboardServer(MaestroServer server) {
        this.server = server;
    }

    static DashboardServer start(Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new DashboardServer(MaestroServer.start(new ServerConfig(0, home, null),
                new PrintStream(out, true, StandardCharsets.UTF_8)));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Creates a user with a role and returns a fresh API token for them. */
    String tokenFor(String user, Role role) {
        server.store().users().create(user, role);
        return server.store().tokens().issue(user).value();
    }

    /** Stores an application with one version per comment, directly in the store. */
    void createApp(String name, String... comments) {
        server.store().applications().create(name);
        for (String comment : comments) {
            server.store().versions().add(name, new NewVersion(SERVICE_YML, null, comment, "tester"));
        }
    }

    Response get(String path, String sessionCookie) {
        return send("GET", path, sessionCookie, null, Map.of());
    }

    Response post(String path, String cookies, Map<String, String> form) {
        return send("POST", path, cookies, form, Map.of());
    }

    Response send(String method, String path, String cookies, Map<String, String> form, Map<String, String> headers) {
        String body = form == null ? "" : form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Logs in through the form as a browser does and returns the session's cookie header and CSRF token. */
    Session login(String token) {
        Response form = get("/login", null);
        Response posted = post("/login", form.cookieHeader(), Map.of("csrf", form.csrf(), "token", token, "next", "/"));
        if (posted.status() != 303) {
            throw new AssertionError("login failed: " + posted);
        }
        String cookie = posted.cookieHeader();
        return new Session(cookie, get("/", cookie).csrf());
    }

    @Override
    public void close() {
        server.close();
    }

    /** A logged-in browser: its {@code Cookie} header value and the session's CSRF token. */
    record Session(String cookie, String csrf) {}

    record Response(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        List<String> setCookies() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The Set-Cookie header for {@code name}. */
        Optional<String> setCookie(String name) {
            return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }

        /** The cookies this response set (with a value), as a request's {@code Cookie} header. */
        String cookieHeader() {
            Map<String, String> cookies = new LinkedHashMap<>();
            for (String c : setCookies()) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0 && eq < pair.length() - 1) {
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }

        /** The first CSRF hidden field's value in the page. */
        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no csrf field in: " + body);
            }
            return m.group(1);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }
}
