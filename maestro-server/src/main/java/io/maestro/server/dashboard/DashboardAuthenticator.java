package io.maestro.server.dashboard;

import io.javalin.http.Context;
import io.maestro.server.PageAuthenticator;
import io.maestro.store.Store;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Authenticates dashboard requests by their session cookie. The session only names the user and
 * the API token used at login: both are looked up again on every request, so a revoked token or a
 * deleted user ends the session at once and a role change applies to the next page.
 */
final class DashboardAuthenticator implements PageAuthenticator {

    static final String SESSION_ATTRIBUTE = "maestro.dashboard.session";

    private final Store store;
    private final SessionStore sessions;

    DashboardAuthenticator(Store store, SessionStore sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    @Override
    public boolean isPublic(String path) {
        return path.equals(DashboardRoutes.LOGIN) || path.startsWith(DashboardRoutes.STATIC + "/");
    }

    @Override
    public Optional<Principal> authenticate(Context ctx) {
        String id = ctx.cookie(Cookies.SESSION);
        Optional<DashboardSession> session = sessions.touch(id);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> principal = principal(session.get());
        if (principal.isEmpty()) {
            sessions.close(id);
            return Optional.empty();
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        return principal;
    }

    private Optional<Principal> principal(DashboardSession session) {
        Optional<User> user = store.users().find(session.user());
        boolean tokenLive = user.isPresent() && store.tokens().list(session.user()).stream()
                .anyMatch(token -> token.id() == session.tokenId() && !token.revoked());
        return tokenLive ? Optional.of(new Principal(user.get(), session.tokenId())) : Optional.empty();
    }

    @Override
    public String loginUrl(String returnTo) {
        return DashboardRoutes.LOGIN + "?next=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
    }

    /** The session of an authenticated dashboard request. */
    static DashboardSession session(Context ctx) {
        DashboardSession session = ctx.attribute(SESSION_ATTRIBUTE);
        if (session == null) {
            throw new IllegalStateException("no dashboard session: the authentication handler did not run");
        }
        return session;
    }

    static Optional<DashboardSession> optionalSession(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ATTRIBUTE));
    }
}
