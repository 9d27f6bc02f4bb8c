package io.maestro.store.audit;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The append-only audit log. There is no update or delete here, and the schema's triggers refuse
 * them from anywhere else. Called inside a transaction ({@link Database#inTransaction}), the
 * entry commits or rolls back with the change it records.
 */
public final class AuditLog {

    private static final RowMapper<AuditEntry> MAPPER = ConstructorMapper.of(AuditEntry.class);
    private static final String COLUMNS = "id, at, actor, action, target, detail, source_address";

    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends an entry and returns it. */
    public AuditEntry record(Actor actor, String action, String target, String detail) {
        return db.withHandle(h -> h.createQuery("INSERT INTO audit_log (at, actor, action, target, detail, source_address)"
                        + " VALUES (:at, :actor, :action, :target, :detail, :source) RETURNING " + COLUMNS)
                .bind("at", Instant.now(clock))
                .bind("actor", actor.name())
                .bind("action", action)
                .bind("target", target)
                .bind("detail", detail == null ? "" : detail)
                .bind("source", actor.sourceAddress())
                .map(MAPPER)
                .one());
    }

    /** The latest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_log ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(MAPPER)
                .list());
    }

    /** The latest {@code limit} entries about {@code target}, newest first. */
    public List<AuditEntry> forTarget(String target, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM audit_log WHERE target = :target ORDER BY id DESC LIMIT :limit")
                .bind("target", target)
                .bind("limit", limit)
                .map(MAPPER)
                .list());
    }
}
