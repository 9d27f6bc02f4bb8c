package io.maestro.server;

import java.util.Locale;

/**
 * A route as registered with Javalin: HTTP method, path (OpenAPI syntax, e.g.
 * {@code /api/v1/apps/{app}}) and the least role it requires.
 */
public record RouteInfo(String method, String path, Access access) {

    /** Where the REST API lives; every other path belongs to the dashboard's pages. */
    public static final String API_PREFIX = "/api/";

    public RouteInfo {
        method = method.toUpperCase(Locale.ROOT);
    }

    /** Whether this is a REST API route (bearer token, JSON, in the OpenAPI document). */
    public boolean api() {
        return isApiPath(path);
    }

    /** Whether a request path belongs to the REST API rather than to the dashboard. */
    public static boolean isApiPath(String path) {
        return path.startsWith(API_PREFIX);
    }
}
