package io.maestro.store.publish;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Deployment profiles: saved deploy options per application ({@link DeploymentProfile}). */
public final class DeploymentProfileDao {

    private static final String SELECT = "SELECT a.name AS application, p.name, p.services, p.build, p.strategy,"
            + " p.created_at, p.created_by FROM deployment_profiles p JOIN applications a ON a.id = p.application_id";
    private static final RowMapper<DeploymentProfile> MAPPER = (rs, ctx) -> new DeploymentProfile(
            rs.getString("application"), rs.getString("name"), Lines.list(rs.getString("services")),
            rs.getBoolean("build"), rs.getString("strategy"),
            ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx), rs.getString("created_by"));

    private final Database db;
    private final Clock clock;

    public DeploymentProfileDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Saves a new profile; a {@link ConflictException} when the application has one of that name,
     * a {@code NotFoundException} without such an application.
     */
    public DeploymentProfile create(DeploymentProfile profile, String by) {
        return db.inTransaction(h -> {
            boolean known = h.createQuery("SELECT COUNT(*) FROM applications WHERE name = :app")
                    .bind("app", profile.application()).mapTo(Integer.class).one() > 0;
            if (!known) {
                throw ApplicationDao.notFound(profile.application());
            }
            if (find(h, profile.application(), profile.name()).isPresent()) {
                throw new ConflictException("application '" + profile.application() + "' already has a deployment profile '"
                        + profile.name() + "'; delete it first to change it");
            }
            h.createUpdate("INSERT INTO deployment_profiles (application_id, name, services, build, strategy, created_at,"
                            + " created_by) SELECT id, :name, :services, :build, :strategy, :now, :by FROM applications"
                            + " WHERE name = :app")
                    .bind("app", profile.application()).bind("name", profile.name())
                    .bind("services", Lines.list(profile.services())).bind("build", profile.build())
                    .bind("strategy", profile.strategy()).bind("now", Instant.now(clock)).bind("by", by)
                    .execute();
            return find(h, profile.application(), profile.name()).orElseThrow();
        });
    }

    public Optional<DeploymentProfile> find(String application, String name) {
        return db.withHandle(h -> find(h, application, name));
    }

    /** The application's profiles by name. */
    public List<DeploymentProfile> list(String application) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app ORDER BY p.name")
                .bind("app", application).map(MAPPER).list());
    }

    /** Deletes a profile; false when there was none of that name. */
    public boolean delete(String application, String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM deployment_profiles WHERE name = :name"
                        + " AND application_id = (SELECT id FROM applications WHERE name = :app)")
                .bind("app", application).bind("name", name).execute() > 0);
    }

    private static Optional<DeploymentProfile> find(org.jdbi.v3.core.Handle h, String application, String name) {
        return h.createQuery(SELECT + " WHERE a.name = :app AND p.name = :name")
                .bind("app", application).bind("name", name).map(MAPPER).findOne();
    }
}
