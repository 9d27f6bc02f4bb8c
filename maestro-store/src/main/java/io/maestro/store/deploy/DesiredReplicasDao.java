package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replica counts set by scaling a service: the desired count that later deploys render instead of
 * the definition's, so a deploy never undoes a scale.
 */
public final class DesiredReplicasDao {

    private final Database db;
    private final Clock clock;

    public DesiredReplicasDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records {@code replicas} as the service's desired count; a {@code NotFoundException} without the application. */
    public void set(String application, String environment, String service, int replicas, String by) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas: expected 0 or more, got " + replicas);
        }
        int stored = db.withHandle(h -> h.createUpdate("INSERT INTO desired_replicas"
                        + " (application_id, environment, service, replicas, updated_at, updated_by)"
                        + " SELECT id, :env, :service, :replicas, :now, :by FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment, service) DO UPDATE SET replicas = excluded.replicas,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("app", application)
                .bind("env", environment)
                .bind("service", service)
                .bind("replicas", replicas)
                .bind("now", Instant.now(clock))
                .bind("by", by)
                .execute());
        if (stored == 0) {
            throw ApplicationDao.notFound(application);
        }
    }

    /** The desired counts of the application environment's scaled services, by service name. */
    public Map<String, Integer> all(String application, String environment) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        db.withHandle(h -> h.createQuery("SELECT r.service, r.replicas FROM desired_replicas r"
                        + " JOIN applications a ON a.id = r.application_id"
                        + " WHERE a.name = :app AND r.environment = :env ORDER BY r.service")
                .bind("app", application)
                .bind("env", environment)
                .map((rs, ctx) -> Map.entry(rs.getString("service"), rs.getInt("replicas")))
                .list())
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
