package io.maestro.store.build;

import io.maestro.store.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The persisted Build Minutes ledger (maestro-buildgrid's {@code BuildMinutesLedger} keeps the
 * same entries in memory). Entries are only added; a build id is metered once per account.
 * Totals are asked for a half-open time range, such as a billing period's month in UTC.
 */
public final class BuildMinutesDao {

    private static final RowMapper<BuildMinutesEntry> MAPPER = ConstructorMapper.of(BuildMinutesEntry.class);
    private static final String COLUMNS = "id, account, build_id, kind, finished_at, metered_seconds";

    private final Database db;

    public BuildMinutesDao(Database db) {
        this.db = db;
    }

    /**
     * Records a metered build; returns the new entry, or empty when this account's build id was
     * already recorded (the first record stands).
     */
    public Optional<BuildMinutesEntry> record(String account, String buildId, String kind, Instant finishedAt, long meteredSeconds) {
        return db.withHandle(h -> h.createQuery("INSERT INTO build_minutes (account, build_id, kind, finished_at, metered_seconds)"
                        + " VALUES (:account, :buildId, :kind, :finishedAt, :seconds)"
                        + " ON CONFLICT (account, build_id) DO NOTHING RETURNING " + COLUMNS)
                .bind("account", account)
                .bind("buildId", buildId)
                .bind("kind", kind)
                .bind("finishedAt", finishedAt)
                .bind("seconds", meteredSeconds)
                .map(MAPPER)
                .findOne());
    }

    /** The account's entries finished in [from, to), oldest first. */
    public List<BuildMinutesEntry> between(String account, Instant from, Instant to) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM build_minutes"
                        + " WHERE account = :account AND finished_at >= :from AND finished_at < :to ORDER BY finished_at, id")
                .bind("account", account)
                .bind("from", from)
                .bind("to", to)
                .map(MAPPER)
                .list());
    }

    /** The account's metered seconds in [from, to). */
    public long totalSeconds(String account, Instant from, Instant to) {
        return db.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(metered_seconds), 0) FROM build_minutes"
                        + " WHERE account = :account AND finished_at >= :from AND finished_at < :to")
                .bind("account", account)
                .bind("from", from)
                .bind("to", to)
                .mapTo(Long.class)
                .one());
    }
}
