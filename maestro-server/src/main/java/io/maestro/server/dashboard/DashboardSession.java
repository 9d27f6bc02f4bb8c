package io.maestro.server.dashboard;

import java.time.Instant;

/**
 * A logged-in browser: the opaque {@code id} its cookie holds, the user and API token it logged in
 * with (re-checked on every request, so revoking the token or deleting the user ends the session),
 * the per-session CSRF token every form carries, and when it expires.
 *
 * @param id the cookie value: 256 random bits, never the API token
 * @param user the user name the token belonged to at login
 * @param tokenId the id of the API token used to log in
 * @param csrfToken the value every POST must carry in its {@code csrf} field
 * @param createdAt login time; the session ends {@link SessionStore#maxAge()} after it at the latest
 * @param lastSeenAt the last request; the session ends {@link SessionStore#idleTimeout()} after it
 */
public record DashboardSession(String id, String user, long tokenId, String csrfToken, Instant createdAt,
        Instant lastSeenAt) {

    DashboardSession seenAt(Instant now) {
        return new DashboardSession(id, user, tokenId, csrfToken, createdAt, now);
    }
}
