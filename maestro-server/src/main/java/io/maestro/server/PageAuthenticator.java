package io.maestro.server;

import io.javalin.http.Context;
import io.maestro.store.auth.Principal;
import java.util.Optional;

/**
 * How the dashboard's pages (every path outside {@code /api/}) authenticate: a browser session
 * cookie instead of a bearer token. {@link Auth} asks it for every non-API request; the API never
 * accepts the cookie, so a cross-site request can never reach it with the browser's credentials.
 */
public interface PageAuthenticator {

    /** Whether the path is open without a session (the login form, the static CSS and JS). */
    boolean isPublic(String path);

    /** The principal of the request's live session, if it has one. */
    Optional<Principal> authenticate(Context ctx);

    /** Where a browser without a session is sent to log in, coming back to {@code returnTo} after. */
    String loginUrl(String returnTo);
}
