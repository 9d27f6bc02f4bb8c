package io.maestro.server;

import io.javalin.Javalin;

/**
 * A set of routes that belong together ({@code /api/v1/apps/...}, {@code /api/v1/clusters/...}),
 * registered on the server in one place and documented by one OpenAPI fragment.
 *
 * <p>Every route a group registers must carry an {@link Access}; {@code OpenApiIT} checks that
 * the assembled document describes exactly the registered routes with their roles, so a route
 * and its documentation cannot drift apart.
 */
public interface RouteGroup {

    /** Registers this group's handlers. */
    void register(Javalin app);

    /**
     * The name of this group's OpenAPI fragment, a resource under {@code io/maestro/server/openapi/}
     * holding {@code paths} and, optionally, {@code components} ({@code schemas}, {@code parameters}).
     */
    String openApiFragment();
}
