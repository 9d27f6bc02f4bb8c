package io.maestro.server;

import java.util.Locale;

/**
 * A route as registered with Javalin: HTTP method, path (OpenAPI syntax, e.g.
 * {@code /api/v1/apps/{app}}) and the least role it requires.
 */
public record RouteInfo(String method, String path, Access access) {

    public RouteInfo {
        method = method.toUpperCase(Locale.ROOT);
    }
}
