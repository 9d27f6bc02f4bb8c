package io.maestro.store.auth;

import io.maestro.store.db.Database;
import io.maestro.store.db.Redacted;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * API tokens: issue (the clear value is returned once and never stored), authenticate, list and
 * revoke.
 *
 * <pre>{@code
 * IssuedToken issued = tokens.issue("alice");          // print issued.value() once
 * Optional<Principal> who = tokens.authenticate(header); // empty: 401
 * }</pre>
 *
 * <p>Authentication finds candidate rows by the token's public prefix and compares SHA-256
 * hashes with {@link java.security.MessageDigest#isEqual}, whose time does not depend on where
 * the hashes differ. Revoked tokens and tokens of deleted users never authenticate.
 */
public final class TokenService {

    /** {@code last_used_at} is written at most this often per token, to spare writes per request. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final RowMapper<ApiToken> MAPPER = ConstructorMapper.of(ApiToken.class);
    private static final RowMapper<Candidate> CANDIDATE = (rs, ctx) -> new Candidate(
            rs.getLong("token_id"), rs.getString("token_hash"), UserDao.MAPPER.map(rs, ctx));
    private static final String COLUMNS =
            "t.id, u.name AS user_name, t.prefix, t.description, t.created_at, t.last_used_at, t.revoked";

    private final Database db;
    private final Clock clock;
    private final UserDao users;
    private final SecureRandom random = new SecureRandom();
    /**
     * When this process last wrote each token's {@code last_used_at}: a request whose token was
     * touched within {@link #LAST_USED_RESOLUTION} writes nothing. Without it every authenticated
     * request ran an UPDATE, a write that on SQLite waits for the single writer under load.
     */
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();

    public TokenService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.users = new UserDao(db, clock);
    }

    /** Creates a token for the user; a {@code NotFoundException} if there is no such user. */
    public IssuedToken issue(String userName) {
        return issue(userName, null);
    }

    /**
     * Creates a token for the user, with a description of what it is for (may be null); a
     * {@code NotFoundException} if there is no such user.
     */
    public IssuedToken issue(String userName, String description) {
        String value = Tokens.generate(random);
        ApiToken token = db.withHandle(h -> h.createQuery("INSERT INTO api_tokens"
                        + " (user_id, prefix, description, token_hash, created_at, last_used_at, revoked)"
                        + " SELECT id, :prefix, :description, :hash, :now, NULL, FALSE FROM users WHERE name = :user"
                        + " RETURNING id, :user AS user_name, prefix, description, created_at, last_used_at, revoked")
                .bind("user", userName)
                .bind("description", description)
                .bind("prefix", Tokens.prefix(value))
                .bind("hash", Redacted.of(Tokens.hashHex(value)))
                .bind("now", Instant.now(clock))
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> UserDao.notFound(userName)));
        return new IssuedToken(token, value);
    }

    /**
     * On first start: creates {@code adminName} as an admin with a token, only if the store has
     * no user yet (in one transaction). Empty when users exist already.
     */
    public Optional<IssuedToken> bootstrapAdmin(String adminName) {
        return db.inTransaction(h -> users.createFirstAdmin(adminName).map(admin -> issue(admin.name())));
    }

    /** The principal that {@code presented} (a bearer token) identifies, if it is a live token. */
    public Optional<Principal> authenticate(String presented) {
        if (!Tokens.wellFormed(presented)) {
            return Optional.empty();
        }
        byte[] presentedHash = Tokens.hash(presented);
        List<Candidate> candidates = db.withHandle(h -> h.createQuery("SELECT t.id AS token_id, t.token_hash,"
                        + " u.id, u.name, u.role, u.created_at"
                        + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                        + " WHERE t.prefix = :prefix AND t.revoked = FALSE")
                .bind("prefix", Tokens.prefix(presented))
                .map(CANDIDATE)
                .list());
        Candidate match = null;
        for (Candidate candidate : candidates) {
            if (Tokens.matches(presentedHash, candidate.tokenHash())) {
                match = candidate;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        touch(match.tokenId());
        return Optional.of(new Principal(match.user(), match.tokenId()));
    }

    private void touch(long tokenId) {
        Instant now = Instant.now(clock);
        Instant stale = now.minus(LAST_USED_RESOLUTION);
        Instant last = touched.get(tokenId);
        if (last != null && last.isAfter(stale)) {
            return;
        }
        touched.put(tokenId, now);
        // The condition also spares the write when another control plane on the same database touched it.
        db.inTransaction(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now"
                        + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :stale)")
                .bind("id", tokenId)
                .bind("now", now)
                .bind("stale", stale)
                .execute());
    }

    /** The user's tokens, newest first, revoked ones included. */
    public List<ApiToken> list(String userName) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.name = :user ORDER BY t.id DESC")
                .bind("user", userName)
                .map(MAPPER)
                .list());
    }

    /** The tokens whose public prefix is {@code prefix} (normally one), revoked ones included. */
    public List<ApiToken> findByPrefix(String prefix) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.prefix = :prefix ORDER BY t.id")
                .bind("prefix", prefix)
                .map(MAPPER)
                .list());
    }

    /** Revokes the token for good; returns whether a live token was revoked. */
    public boolean revoke(long tokenId) {
        return db.withHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked = TRUE WHERE id = :id AND revoked = FALSE")
                .bind("id", tokenId)
                .execute()) > 0;
    }

    /** A row found by prefix, before its hash is compared. */
    private record Candidate(long tokenId, String tokenHash, User user) {}
}
