package io.maestro.server.dashboard;

import io.javalin.http.Context;
import io.maestro.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dashboard's CSS and JavaScript, read once from the classpath. Only the files named here
 * are served (no path from the request reaches the class loader), so there is nothing to traverse.
 */
final class StaticAssets {

    private static final String FOLDER = "/io/maestro/server/dashboard/static/";
    private static final Map<String, String> TYPES = Map.of(
            "dashboard.css", "text/css; charset=utf-8",
            "deployment.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files;

    StaticAssets() {
        this.files = TYPES.keySet().stream().collect(Collectors.toUnmodifiableMap(Function.identity(), StaticAssets::read));
    }

    void serve(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = files.get(name);
        if (body == null) {
            throw ApiException.notFound("no dashboard asset named '" + name + "'");
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType(TYPES.get(name)).result(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + FOLDER + name + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + FOLDER + name, e);
        }
    }
}
