package io.maestro.store.deploy;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Deployment logs, append-only. One deployment is executed by one engine at a time (it holds the
 * lease), so appends of one deployment do not race.
 */
public final class DeploymentLogDao {

    private static final RowMapper<LogLine> MAPPER = ConstructorMapper.of(LogLine.class);

    private final Database db;
    private final Clock clock;

    public DeploymentLogDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends a line to the deployment's log. */
    public LogLine append(long deploymentId, String line) {
        return db.withHandle(h -> h.createQuery("INSERT INTO deployment_log (deployment_id, seq, at, line)"
                        + " SELECT :id, COALESCE(MAX(seq), 0) + 1, :at, :line FROM deployment_log WHERE deployment_id = :id"
                        + " RETURNING deployment_id, seq, at, line")
                .bind("id", deploymentId)
                .bind("at", Instant.now(clock))
                .bind("line", line)
                .map(MAPPER)
                .one());
    }

    /** The deployment's log, oldest line first. */
    public List<LogLine> list(long deploymentId) {
        return db.withHandle(h -> h.createQuery("SELECT deployment_id, seq, at, line FROM deployment_log"
                        + " WHERE deployment_id = :id ORDER BY seq")
                .bind("id", deploymentId)
                .map(MAPPER)
                .list());
    }
}
