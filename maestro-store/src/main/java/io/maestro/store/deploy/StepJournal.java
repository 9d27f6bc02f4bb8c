package io.maestro.store.deploy;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The step journal of deployments. A step is written <em>before</em> it runs: either planned
 * ({@link #plan}, pending) and then {@link #start}ed, or written directly as running with
 * {@link #begin}. After a crash, the journal says which steps finished and which one was under
 * way.
 *
 * <pre>{@code
 * DeploymentStep step = journal.begin(deployment.id(), "apply Deployment web");
 * try { apply(); journal.complete(step, "created"); }
 * catch (MaestroException e) { journal.fail(step, e.getMessage()); throw e; }
 * }</pre>
 *
 * <p>Sequence numbers are the next after the deployment's highest; one deployment is executed by
 * one engine at a time (it holds the lease), so appends do not race.
 */
public final class StepJournal {

    private static final RowMapper<DeploymentStep> MAPPER = ConstructorMapper.of(DeploymentStep.class);
    private static final String COLUMNS = "deployment_id, seq, name, status, started_at, finished_at, detail";

    private final Database db;
    private final Clock clock;

    public StepJournal(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Writes a step as running, before running it. */
    public DeploymentStep begin(long deploymentId, String name) {
        return db.withHandle(h -> append(h, deploymentId, name, StepStatus.RUNNING, Instant.now(clock)));
    }

    /** Writes the steps as pending, in this order, before any of them runs. */
    public List<DeploymentStep> plan(long deploymentId, List<String> names) {
        return db.inTransaction(h -> {
            List<DeploymentStep> steps = new ArrayList<>(names.size());
            for (String name : names) {
                steps.add(append(h, deploymentId, name, StepStatus.PENDING, null));
            }
            return steps;
        });
    }

    /** Marks a pending step running, before running it. */
    public DeploymentStep start(DeploymentStep step) {
        return transition(step, StepStatus.RUNNING, "started_at", null, StepStatus.PENDING);
    }

    /** Marks a running step done, with an optional detail (what it changed). */
    public DeploymentStep complete(DeploymentStep step, String detail) {
        return transition(step, StepStatus.DONE, "finished_at", detail, StepStatus.RUNNING);
    }

    /** Marks a running or pending step failed, with the reason. */
    public DeploymentStep fail(DeploymentStep step, String detail) {
        return transition(step, StepStatus.FAILED, "finished_at", detail, StepStatus.RUNNING, StepStatus.PENDING);
    }

    /** The deployment's steps in order. */
    public List<DeploymentStep> list(long deploymentId) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM deployment_steps WHERE deployment_id = :id ORDER BY seq")
                .bind("id", deploymentId)
                .map(MAPPER)
                .list());
    }

    private static DeploymentStep append(Handle h, long deploymentId, String name, StepStatus status, Instant startedAt) {
        if (DeploymentDao.find(h, deploymentId).isEmpty()) {
            throw DeploymentDao.notFound(deploymentId);
        }
        return h.createQuery("INSERT INTO deployment_steps (deployment_id, seq, name, status, started_at)"
                        + " SELECT :id, COALESCE(MAX(seq), 0) + 1, :name, :status, :started"
                        + " FROM deployment_steps WHERE deployment_id = :id RETURNING " + COLUMNS)
                .bind("id", deploymentId)
                .bind("name", name)
                .bind("status", status)
                .bindByType("started", startedAt, Instant.class)
                .map(MAPPER)
                .one();
    }

    private DeploymentStep transition(DeploymentStep step, StepStatus to, String timeColumn, String detail, StepStatus... from) {
        Instant now = Instant.now(clock);
        return db.inTransaction(h -> h.createQuery("UPDATE deployment_steps SET status = :to, " + timeColumn + " = :now,"
                        + " detail = COALESCE(:detail, detail)"
                        + " WHERE deployment_id = :id AND seq = :seq AND status IN (<from>) RETURNING " + COLUMNS)
                .bind("to", to)
                .bind("now", now)
                .bind("detail", detail)
                .bind("id", step.deploymentId())
                .bind("seq", step.seq())
                .bindList("from", (Object[]) from)
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> refused(h, step, to)));
    }

    private static RuntimeException refused(Handle h, DeploymentStep step, StepStatus to) {
        return h.createQuery("SELECT " + COLUMNS + " FROM deployment_steps WHERE deployment_id = :id AND seq = :seq")
                .bind("id", step.deploymentId())
                .bind("seq", step.seq())
                .map(MAPPER)
                .findOne()
                .<RuntimeException>map(current -> new ConflictException("step " + current.seq() + " ("
                        + current.name() + ") of deployment " + current.deploymentId() + " is "
                        + word(current.status()) + ", cannot make it " + word(to)))
                .orElseGet(() -> new NotFoundException("deployment " + step.deploymentId() + " has no step " + step.seq()));
    }

    private static String word(StepStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
