package io.maestro.store.build;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The Build Minutes plan of each account: one row per account, replaced as a whole. */
public final class BuildPlanDao {

    private static final RowMapper<StoredPlan> MAPPER = ConstructorMapper.of(StoredPlan.class);
    private static final String COLUMNS = "account, name, included_minutes, overage_per_minute, rounding, hard_stop,"
            + " updated_at, updated_by";

    private final Database db;
    private final Clock clock;

    public BuildPlanDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The account's plan; empty when none was set (the caller's default applies). */
    public Optional<StoredPlan> find(String account) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM build_plans WHERE account = :account")
                .bind("account", account)
                .map(MAPPER)
                .findOne());
    }

    /** Sets the account's plan, replacing the one it had. */
    public StoredPlan put(String account, String name, long includedMinutes, String overagePerMinute, String rounding,
            boolean hardStop, String by) {
        return db.withHandle(h -> h.createQuery("INSERT INTO build_plans (" + COLUMNS + ") VALUES (:account, :name,"
                        + " :included, :overage, :rounding, :hardStop, :now, :by) ON CONFLICT (account) DO UPDATE SET"
                        + " name = excluded.name, included_minutes = excluded.included_minutes,"
                        + " overage_per_minute = excluded.overage_per_minute, rounding = excluded.rounding,"
                        + " hard_stop = excluded.hard_stop, updated_at = excluded.updated_at, updated_by = excluded.updated_by"
                        + " RETURNING " + COLUMNS)
                .bind("account", account)
                .bind("name", name)
                .bind("included", includedMinutes)
                .bind("overage", overagePerMinute)
                .bind("rounding", rounding)
                .bind("hardStop", hardStop)
                .bind("now", Instant.now(clock))
                .bind("by", by)
                .map(MAPPER)
                .one());
    }
}
