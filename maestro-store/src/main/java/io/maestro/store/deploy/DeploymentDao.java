package io.maestro.store.deploy;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Deployments and their state machine. Each transition is one conditional UPDATE, so two
 * control planes cannot both start the same deployment; a transition that is not allowed from the
 * current status fails with a {@link ConflictException} naming that status.
 */
public final class DeploymentDao {

    private static final RowMapper<Deployment> MAPPER = ConstructorMapper.of(Deployment.class);
    private static final String SELECT = "SELECT d.id, a.name AS application, d.environment, d.version, d.status,"
            + " d.requested_by, d.created_at, d.started_at, d.finished_at, d.detail"
            + " FROM deployments d JOIN applications a ON a.id = d.application_id";

    private final Database db;
    private final Clock clock;

    public DeploymentDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Queues a deployment of {@code version} of the application; a {@link NotFoundException} if
     * the application or that version does not exist.
     */
    public Deployment enqueue(String application, String environment, int version, String requestedBy) {
        return db.inTransaction(h -> {
            Optional<Long> id = h.createQuery("INSERT INTO deployments"
                            + " (application_id, environment, version, status, requested_by, created_at)"
                            + " SELECT v.application_id, :env, v.version, :status, :by, :now"
                            + " FROM application_versions v JOIN applications a ON a.id = v.application_id"
                            + " WHERE a.name = :app AND v.version = :version RETURNING id")
                    .bind("app", application)
                    .bind("env", environment)
                    .bind("version", version)
                    .bind("status", DeploymentStatus.QUEUED)
                    .bind("by", requestedBy)
                    .bind("now", Instant.now(clock))
                    .mapTo(Long.class)
                    .findOne();
            return find(h, id.orElseThrow(() -> new NotFoundException(
                    "application '" + application + "' has no version " + version))).orElseThrow();
        });
    }

    public Optional<Deployment> find(long id) {
        return db.withHandle(h -> find(h, id));
    }

    public Deployment require(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Moves a queued deployment to running. */
    public Deployment start(long id) {
        return transition(id, DeploymentStatus.RUNNING, null, DeploymentStatus.QUEUED);
    }

    /**
     * Finishes a deployment with {@code outcome} ({@code SUCCEEDED} from running; {@code FAILED}
     * from running or queued) and a {@code detail} (may be {@code null}).
     */
    public Deployment finish(long id, DeploymentStatus outcome, String detail) {
        return switch (outcome) {
            case SUCCEEDED -> transition(id, outcome, detail, DeploymentStatus.RUNNING);
            case FAILED -> transition(id, outcome, detail, DeploymentStatus.RUNNING, DeploymentStatus.QUEUED);
            case QUEUED, RUNNING -> throw new IllegalArgumentException(
                    "deployment outcome: expected succeeded or failed, got " + outcome);
        };
    }

    private Deployment transition(long id, DeploymentStatus to, String detail, DeploymentStatus... from) {
        Instant now = Instant.now(clock);
        String timeColumn = to == DeploymentStatus.RUNNING ? "started_at" : "finished_at";
        return db.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE deployments SET status = :to, " + timeColumn + " = :now,"
                            + " detail = COALESCE(:detail, detail) WHERE id = :id AND status IN (<from>)")
                    .bind("to", to)
                    .bind("now", now)
                    .bind("detail", detail)
                    .bind("id", id)
                    .bindList("from", (Object[]) from)
                    .execute();
            Deployment current = find(h, id).orElseThrow(() -> notFound(id));
            if (changed == 0) {
                throw new ConflictException("deployment " + id + " is " + word(current.status())
                        + ", cannot make it " + word(to));
            }
            return current;
        });
    }

    /** The oldest queued deployment of the application and environment: the next to run. */
    public Optional<Deployment> nextQueued(String application, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT
                        + " WHERE a.name = :app AND d.environment = :env AND d.status = :status ORDER BY d.id LIMIT 1")
                .bind("app", application)
                .bind("env", environment)
                .bind("status", DeploymentStatus.QUEUED)
                .map(MAPPER)
                .findOne());
    }

    /** The application's latest {@code limit} deployments, newest first. */
    public List<Deployment> list(String application, int limit) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app ORDER BY d.id DESC LIMIT :limit")
                .bind("app", application)
                .bind("limit", limit)
                .map(MAPPER)
                .list());
    }

    /**
     * Every queued or running deployment, oldest first: what a control plane starting up must
     * resume or fail explicitly.
     */
    public List<Deployment> unfinished() {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE d.status IN (:queued, :running) ORDER BY d.id")
                .bind("queued", DeploymentStatus.QUEUED)
                .bind("running", DeploymentStatus.RUNNING)
                .map(MAPPER)
                .list());
    }

    static Optional<Deployment> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE d.id = :id").bind("id", id).map(MAPPER).findOne();
    }

    private static String word(DeploymentStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("no deployment " + id);
    }
}
