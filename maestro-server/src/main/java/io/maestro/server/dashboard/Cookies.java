package io.maestro.server.dashboard;

import io.javalin.http.Context;

/**
 * The dashboard's cookies, written as {@code Set-Cookie} headers by hand so that every flag is
 * explicit: always {@code HttpOnly} (no script reads them) and {@code SameSite=Strict} (no other
 * site's page sends them), {@code Secure} when the request came over https (directly or through a
 * proxy that says so in {@code X-Forwarded-Proto}).
 */
final class Cookies {

    /** The session cookie: an opaque id, never the API token. */
    static final String SESSION = "maestro_session";
    /** The login form's double-submit CSRF nonce, before any session exists. */
    static final String LOGIN_NONCE = "maestro_login";

    private Cookies() {
    }

    /** Sets a cookie for {@code path}; {@code maxAgeSeconds} -1 for a browser-session cookie. */
    static void set(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        StringBuilder header = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path);
        if (maxAgeSeconds >= 0) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        header.append("; HttpOnly; SameSite=Strict");
        if (secure(ctx)) {
            header.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    /** Tells the browser to drop the cookie. */
    static void clear(Context ctx, String name, String path) {
        set(ctx, name, "", path, 0);
    }

    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
