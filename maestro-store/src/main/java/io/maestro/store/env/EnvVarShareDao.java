package io.maestro.store.env;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Shares of env vars between applications (table {@code env_var_shares}), granted by an admin so
 * that a deployer may deploy an application that references another application's variables.
 * Deleting either application deletes its shares.
 */
public final class EnvVarShareDao {

    private static final String SELECT = "SELECT s.name AS source, t.name AS target, x.created_at, x.created_by"
            + " FROM env_var_shares x JOIN applications s ON s.id = x.source_id JOIN applications t ON t.id = x.target_id";

    private final Database db;
    private final Clock clock;

    public EnvVarShareDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Shares {@code source}'s variables with {@code target}; sharing again keeps the first share.
     * Returns true when the share is new; a {@code NotFoundException} when either application is missing.
     */
    public boolean share(String source, String target, String by) {
        if (source.equals(target)) {
            throw new IllegalArgumentException("an application always reads its own variables; expected two applications, got "
                    + source + " twice");
        }
        return db.inTransaction(h -> {
            requireApplication(h, source);
            requireApplication(h, target);
            int inserted = h.createUpdate("INSERT INTO env_var_shares (source_id, target_id, created_at, created_by)"
                            + " SELECT s.id, t.id, :now, :by FROM applications s, applications t"
                            + " WHERE s.name = :source AND t.name = :target"
                            + " ON CONFLICT (source_id, target_id) DO NOTHING")
                    .bind("source", source)
                    .bind("target", target)
                    .bind("now", Instant.now(clock))
                    .bind("by", by)
                    .execute();
            return inserted == 1;
        });
    }

    /** Removes the share; returns false when there was none. */
    public boolean unshare(String source, String target) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM env_var_shares WHERE source_id = (SELECT id FROM applications"
                        + " WHERE name = :source) AND target_id = (SELECT id FROM applications WHERE name = :target)")
                .bind("source", source)
                .bind("target", target)
                .execute()) == 1;
    }

    /** Whether {@code source} shares its variables with {@code target}. */
    public boolean isShared(String source, String target) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE s.name = :source AND t.name = :target")
                .bind("source", source)
                .bind("target", target)
                .map((rs, ctx) -> 1)
                .findFirst()
                .isPresent());
    }

    /** The shares where {@code application} is the source or the target, oldest first. */
    public List<EnvVarShare> involving(String application) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE s.name = :app OR t.name = :app"
                        + " ORDER BY x.created_at, s.name, t.name")
                .bind("app", application)
                .map((rs, ctx) -> new EnvVarShare(rs.getString("source"), rs.getString("target"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx),
                        rs.getString("created_by")))
                .list());
    }

    /** Every share, oldest first. */
    public List<EnvVarShare> all() {
        return db.withHandle(h -> h.createQuery(SELECT + " ORDER BY x.created_at, s.name, t.name")
                .map((rs, ctx) -> new EnvVarShare(rs.getString("source"), rs.getString("target"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx),
                        rs.getString("created_by")))
                .list());
    }

    private static void requireApplication(org.jdbi.v3.core.Handle h, String name) {
        if (h.createQuery("SELECT id FROM applications WHERE name = :name").bind("name", name).mapTo(Long.class)
                .findFirst().isEmpty()) {
            throw ApplicationDao.notFound(name);
        }
    }
}
