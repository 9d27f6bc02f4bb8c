package io.maestro.server.dashboard;

import io.maestro.store.auth.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sessions, in memory: a restart of the control plane logs every browser out,
 * which costs a user one paste of their token and keeps session ids out of the database.
 *
 * <p>A session expires after {@link #idleTimeout()} without a request and {@link #maxAge()} after
 * login, whichever comes first. Expired sessions are dropped when looked up and swept on every login.
 */
public final class SessionStore {

    /** Default: a browser left alone for two hours must log in again. */
    public static final Duration DEFAULT_IDLE = Duration.ofHours(2);
    /** Default: no session outlives a working day. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, DashboardSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;

    public SessionStore(Clock clock, Duration idleTimeout, Duration maxAge) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("session timeouts must be positive, got idle " + idleTimeout
                    + " and max age " + maxAge);
        }
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
    }

    public static SessionStore withDefaults(Clock clock) {
        return new SessionStore(clock, DEFAULT_IDLE, DEFAULT_MAX_AGE);
    }

    /** Opens a session for the principal with a fresh id and CSRF token. */
    public DashboardSession open(Principal principal) {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> expired(session, now));
        DashboardSession session = new DashboardSession(randomToken(), principal.user().name(), principal.tokenId(),
                randomToken(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle clock restarted; empty when unknown or expired. */
    public Optional<DashboardSession> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        DashboardSession current = sessions.computeIfPresent(id,
                (key, session) -> expired(session, now) ? null : session.seenAt(now));
        return Optional.ofNullable(current);
    }

    /** Ends the session (logout, revoked token); returns whether it existed. */
    public boolean close(String id) {
        return id != null && sessions.remove(id) != null;
    }

    /** How many sessions are held, expired ones not yet swept included. */
    public int size() {
        return sessions.size();
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** 256 random bits, URL-safe: session ids and CSRF tokens. */
    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    private boolean expired(DashboardSession session, Instant now) {
        return !now.isBefore(session.lastSeenAt().plus(idleTimeout)) || !now.isBefore(session.createdAt().plus(maxAge));
    }
}
