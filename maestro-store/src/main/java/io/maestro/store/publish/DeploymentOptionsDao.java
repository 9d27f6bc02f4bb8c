package io.maestro.store.publish;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The options stored with each deployment ({@link DeploymentOptions}) and which services already
 * ran their {@code build_command} (it runs once, on the application's first build).
 */
public final class DeploymentOptionsDao {

    private final Database db;
    private final Clock clock;

    public DeploymentOptionsDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores (or replaces) the options of a deployment. */
    public DeploymentOptions record(DeploymentOptions options) {
        db.withHandle(h -> h.createUpdate("INSERT INTO deployment_options (deployment_id, services, service_refs, git_ref,"
                        + " profile, strategy, build, trigger_name) VALUES (:id, :services, :refs, :gitRef, :profile, :strategy,"
                        + " :build, :trigger) ON CONFLICT (deployment_id) DO UPDATE SET services = excluded.services,"
                        + " service_refs = excluded.service_refs, git_ref = excluded.git_ref, profile = excluded.profile,"
                        + " strategy = excluded.strategy, build = excluded.build, trigger_name = excluded.trigger_name")
                .bind("id", options.deploymentId())
                .bind("services", Lines.list(options.services()))
                .bind("refs", Lines.map(options.serviceRefs()))
                .bind("gitRef", options.gitRef())
                .bind("profile", options.profile())
                .bind("strategy", options.strategy())
                .bind("build", options.build())
                .bind("trigger", options.trigger())
                .execute());
        return options;
    }

    /** The deployment's options; empty for deployments queued before they were stored (plain ones). */
    public Optional<DeploymentOptions> find(long deploymentId) {
        return db.withHandle(h -> h.createQuery("SELECT deployment_id, services, service_refs, git_ref, profile, strategy,"
                        + " build, trigger_name FROM deployment_options WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .map((rs, ctx) -> new DeploymentOptions(rs.getLong("deployment_id"), Lines.list(rs.getString("services")),
                        Lines.map(rs.getString("service_refs")), rs.getString("git_ref"), rs.getString("profile"),
                        rs.getString("strategy"), rs.getBoolean("build"), rs.getString("trigger_name")))
                .findOne());
    }

    /** Whether {@code service} of the application already ran its build_command. */
    public boolean buildCommandRan(String application, String service) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM build_command_runs r JOIN applications a"
                        + " ON a.id = r.application_id WHERE a.name = :app AND r.service = :service")
                .bind("app", application).bind("service", service)
                .mapTo(Integer.class).one() > 0);
    }

    /** Remembers that {@code service} ran its build_command in deployment {@code deploymentId} (idempotent). */
    public void recordBuildCommand(String application, String service, long deploymentId) {
        db.withHandle(h -> h.createUpdate("INSERT INTO build_command_runs (application_id, service, deployment_id, ran_at)"
                        + " SELECT id, :service, :deployment, :now FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, service) DO NOTHING")
                .bind("app", application).bind("service", service).bind("deployment", deploymentId)
                .bind("now", Instant.now(clock))
                .execute());
    }
}
