package io.maestro.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import io.maestro.store.audit.Actor;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.TokenService;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication and role checks. {@link #authenticate} runs before every request, matched or
 * not, so unauthenticated callers cannot even probe which routes exist:
 * <ul>
 *   <li>API paths ({@code /api/...}) and the Prometheus scrape path ({@code /metrics}) need a
 *       live bearer token, else 401 JSON;</li>
 *   <li>every other path is a dashboard page and needs a live session cookie (see
 *       {@link PageAuthenticator}): without one a GET is redirected to the login form and any
 *       other method is answered 401. The login form and static assets are open.</li>
 * </ul>
 * {@link #authorize} runs before each matched route and answers 403 when the caller's role is
 * below the route's {@link Access}.
 */
public final class Auth {

    private static final String PRINCIPAL = "maestro.principal";
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final PageAuthenticator pages;

    Auth(TokenService tokens, PageAuthenticator pages) {
        this.tokens = tokens;
        this.pages = pages;
    }

    void authenticate(Context ctx) {
        if (io.maestro.server.hook.HookRoutes.isHookPath(ctx.path())) {
            // Hook calls carry their own credential (a hook token or a webhook signature), checked by HookRoutes.
            return;
        }
        if (RouteInfo.isApiPath(ctx.path()) || io.maestro.server.metrics.MetricsRoutes.isMetricsPath(ctx.path())) {
            authenticateBearer(ctx);
        } else {
            authenticatePage(ctx);
        }
    }

    private void authenticateBearer(Context ctx) {
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

    private void authenticatePage(Context ctx) {
        Optional<Principal> principal = pages.authenticate(ctx);
        if (principal.isPresent()) {
            ctx.attribute(PRINCIPAL, principal.get());
            return;
        }
        if (pages.isPublic(ctx.path())) {
            return;
        }
        if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
            String query = ctx.queryString();
            ctx.redirect(pages.loginUrl(ctx.path() + (query == null ? "" : "?" + query)));
            ctx.skipRemainingHandlers();
            return;
        }
        throw new ApiException(401, "unauthorized", "this page needs a dashboard session: log in at /login first");
    }

    void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        // A route registered without an Access is closed to everyone: forgetting one must not open it.
        Access required = roles.stream()
                .filter(Access.class::isInstance)
                .map(Access.class::cast)
                .findFirst()
                .orElse(null);
        if (required == Access.ANYONE && !RouteInfo.isApiPath(ctx.path())) {
            return;
        }
        Principal principal = principal(ctx);
        if (required == null || required.role() == null || !principal.has(required.role())) {
            throw new ApiException(403, "forbidden", "this needs the role "
                    + (required == null || required.role() == null ? "(none configured)" : required.role().name().toLowerCase())
                    + ", user '" + principal.user().name() + "' has " + principal.user().role().name().toLowerCase());
        }
    }

    /** The authenticated caller of the request; an {@link IllegalStateException} on an open route. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal: the authentication handler did not run");
        }
        return principal;
    }

    /** The caller, if the request is authenticated (open routes may be called without). */
    public static Optional<Principal> optionalPrincipal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** The caller, for the audit log: user name and source address. */
    public static Actor actor(Context ctx) {
        return new Actor(principal(ctx).user().name(), ctx.ip());
    }
}
