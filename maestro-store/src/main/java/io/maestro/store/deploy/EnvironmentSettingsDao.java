package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The deployment settings of application environments ({@link EnvironmentSettings}). */
public final class EnvironmentSettingsDao {

    private static final RowMapper<EnvironmentSettings> MAPPER = ConstructorMapper.of(EnvironmentSettings.class);
    private static final String COLUMNS = "environment, cluster, auto_rollback, reapply_drift, force_conflicts,"
            + " rollout_timeout_seconds, updated_at, updated_by, target";

    private final Database db;
    private final Clock clock;

    public EnvironmentSettingsDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The stored settings, or the {@link EnvironmentSettings#defaults defaults} when none are stored. */
    public EnvironmentSettings get(String application, String environment) {
        return find(application, environment).orElseGet(() -> EnvironmentSettings.defaults(application, environment));
    }

    /** The stored settings, if any. */
    public Optional<EnvironmentSettings> find(String application, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT a.name AS application, " + COLUMNS
                        + " FROM environment_settings s JOIN applications a ON a.id = s.application_id"
                        + " WHERE a.name = :app AND s.environment = :env")
                .bind("app", application)
                .bind("env", environment)
                .map(MAPPER)
                .findOne());
    }

    /**
     * The environments set to deploy to {@code cluster}, as {@code APP/ENVIRONMENT}, sorted; an
     * environment that names no cluster uses the only registered one, so it counts while that
     * cluster is the only one.
     */
    public List<String> environmentsUsingCluster(String cluster) {
        return db.withHandle(h -> h.createQuery("SELECT a.name || '/' || s.environment"
                        + " FROM environment_settings s JOIN applications a ON a.id = s.application_id"
                        + " WHERE s.cluster = :cluster"
                        + " OR (s.cluster IS NULL AND (SELECT COUNT(*) FROM clusters) = 1)"
                        + " ORDER BY a.name, s.environment")
                .bind("cluster", cluster)
                .mapTo(String.class)
                .list());
    }

    /**
     * Stores the settings (replacing earlier ones), recording who changed them and when; a
     * {@code NotFoundException} when there is no such application.
     */
    public EnvironmentSettings put(EnvironmentSettings settings, String by) {
        return db.withHandle(h -> h.createQuery("INSERT INTO environment_settings (application_id, " + COLUMNS + ")"
                        + " SELECT id, :env, :cluster, :autoRollback, :reapplyDrift, :force, :timeout, :now, :by, :target"
                        + " FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment) DO UPDATE SET cluster = excluded.cluster,"
                        + " auto_rollback = excluded.auto_rollback, reapply_drift = excluded.reapply_drift,"
                        + " force_conflicts = excluded.force_conflicts,"
                        + " rollout_timeout_seconds = excluded.rollout_timeout_seconds,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by, target = excluded.target"
                        + " RETURNING :app AS application, " + COLUMNS)
                .bind("app", settings.application())
                .bind("env", settings.environment())
                .bind("cluster", settings.cluster())
                .bind("autoRollback", settings.autoRollback())
                .bind("reapplyDrift", settings.reapplyDrift())
                .bind("force", settings.forceConflicts())
                .bind("timeout", settings.rolloutTimeoutSeconds())
                .bind("now", Instant.now(clock))
                .bind("by", by)
                .bind("target", settings.target())
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> ApplicationDao.notFound(settings.application())));
    }

    /**
     * The registered server where the environment's data stores go when the manifest does not place
     * them; empty when none is set (then the only registered server is used).
     */
    public Optional<String> server(String application, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT s.server FROM environment_settings s"
                        + " JOIN applications a ON a.id = s.application_id WHERE a.name = :app AND s.environment = :env")
                .bind("app", application)
                .bind("env", environment)
                .mapTo(String.class)
                .findOne()
                .filter(server -> server != null));
    }

    /**
     * Sets (or, with {@code null}, clears) the environment's default server, storing the default
     * settings first when none are stored; a {@code NotFoundException} without such an application.
     */
    public void setServer(String application, String environment, String server, String by) {
        if (find(application, environment).isEmpty()) {
            put(EnvironmentSettings.defaults(application, environment), by);
        }
        db.withHandle(h -> h.createUpdate("UPDATE environment_settings SET server = :server, updated_at = :now, updated_by = :by"
                        + " WHERE environment = :env AND application_id = (SELECT id FROM applications WHERE name = :app)")
                .bind("app", application)
                .bind("env", environment)
                .bind("server", server)
                .bind("now", Instant.now(clock))
                .bind("by", by)
                .execute());
    }
}
