package io.maestro.server;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.maestro.store.audit.Actor;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.TokenService;
import java.util.Set;

/**
 * Bearer-token authentication and role checks. {@link #authenticate} runs before every request,
 * matched or not: without a live token the answer is 401 whatever the path, so unauthenticated
 * callers cannot even probe which routes exist. {@link #authorize} runs before each matched
 * route and answers 403 when the caller's role is below the route's {@link Access}.
 */
public final class Auth {

    private static final String PRINCIPAL = "maestro.principal";
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;

    Auth(TokenService tokens) {
        this.tokens = tokens;
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "expected an 'Authorization: Bearer TOKEN' header, got none");
        }
        Principal principal = tokens.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> {
                    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    return new ApiException(401, "unauthorized", "the bearer token is unknown or revoked");
                });
        ctx.attribute(PRINCIPAL, principal);
    }

    void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        // A route registered without an Access is closed to everyone: forgetting one must not open it.
        Access required = roles.stream()
                .filter(Access.class::isInstance)
                .map(Access.class::cast)
                .findFirst()
                .orElse(null);
        Principal principal = principal(ctx);
        if (required == null || !principal.has(required.role())) {
            throw new ApiException(403, "forbidden", "this needs the role "
                    + (required == null ? "(none configured)" : required.role().name().toLowerCase())
                    + ", user '" + principal.user().name() + "' has " + principal.user().role().name().toLowerCase());
        }
    }

    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal: the authentication handler did not run");
        }
        return principal;
    }

    /** The caller, for the audit log: user name and source address. */
    public static Actor actor(Context ctx) {
        return new Actor(principal(ctx).user().name(), ctx.ip());
    }
}
