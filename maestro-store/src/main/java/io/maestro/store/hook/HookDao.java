package io.maestro.store.hook;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import io.maestro.store.db.Redacted;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Redeploy hooks: secret URLs that queue a deployment of one application to one environment.
 * Like API tokens, the clear token is returned once by {@link #issue} and never stored; a call is
 * authenticated by the token's public prefix and a constant-time comparison of SHA-256 hashes.
 */
public final class HookDao {

    private static final RowMapper<RedeployHook> MAPPER = ConstructorMapper.of(RedeployHook.class);
    private static final String COLUMNS = "h.id, a.name AS application, h.environment, h.prefix, h.created_by,"
            + " h.created_at, h.last_used_at";
    private static final String APPLICATION_ID = "(SELECT id FROM applications WHERE name = :app)";

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public HookDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a hook; a {@code NotFoundException} without such an application. */
    public IssuedHook issue(String application, String environment, String createdBy) {
        String token = HookTokens.generate(random);
        RedeployHook hook = db.withHandle(h -> h.createQuery("INSERT INTO redeploy_hooks"
                        + " (application_id, environment, prefix, token_hash, created_by, created_at, last_used_at)"
                        + " SELECT id, :env, :prefix, :hash, :by, :now, NULL FROM applications WHERE name = :app"
                        + " RETURNING id, :app AS application, environment, prefix, created_by, created_at, last_used_at")
                .bind("app", application)
                .bind("env", environment)
                .bind("prefix", HookTokens.prefix(token))
                .bind("hash", Redacted.of(HexFormat.of().formatHex(HookTokens.hash(token))))
                .bind("by", createdBy)
                .bind("now", Instant.now(clock))
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> ApplicationDao.notFound(application)));
        return new IssuedHook(hook, token);
    }

    /** The application's hooks, oldest first. */
    public List<RedeployHook> list(String application) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM redeploy_hooks h JOIN applications a ON a.id = h.application_id"
                        + " WHERE a.name = :app ORDER BY h.id")
                .bind("app", application)
                .map(MAPPER)
                .list());
    }

    /** Deletes the application's hook with this prefix; whether there was one. */
    public boolean revoke(String application, String prefix) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM redeploy_hooks"
                        + " WHERE application_id = " + APPLICATION_ID + " AND prefix = :prefix")
                .bind("app", application)
                .bind("prefix", prefix)
                .execute()) > 0;
    }

    /**
     * The hook of {@code application} that {@code presented} is the token of, if any; records
     * its use. Empty for an unknown application, a malformed, unknown or revoked token alike.
     */
    public Optional<RedeployHook> authenticate(String application, String presented) {
        if (!HookTokens.wellFormed(presented)) {
            return Optional.empty();
        }
        byte[] presentedHash = HookTokens.hash(presented);
        List<Candidate> candidates = db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", h.token_hash"
                        + " FROM redeploy_hooks h JOIN applications a ON a.id = h.application_id"
                        + " WHERE a.name = :app AND h.prefix = :prefix")
                .bind("app", application)
                .bind("prefix", HookTokens.prefix(presented))
                .map((rs, ctx) -> new Candidate(MAPPER.map(rs, ctx), rs.getString("token_hash")))
                .list());
        RedeployHook match = null;
        for (Candidate candidate : candidates) {
            if (HookTokens.matches(presentedHash, candidate.tokenHash())) {
                match = candidate.hook();
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        long id = match.id();
        db.withHandle(h -> h.createUpdate("UPDATE redeploy_hooks SET last_used_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", now)
                .execute());
        return Optional.of(new RedeployHook(match.id(), match.application(), match.environment(), match.prefix(),
                match.createdBy(), match.createdAt(), now));
    }

    private record Candidate(RedeployHook hook, String tokenHash) {}
}
