package io.maestro.store.build;

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
 * Builds and retags, their state machine and their logs. Each transition is one conditional
 * UPDATE, so a build cannot be both finished and cancelled; a transition not allowed from the
 * current status fails with a {@link ConflictException} naming that status.
 */
public final class BuildDao {

    private static final RowMapper<Build> MAPPER = ConstructorMapper.of(Build.class);
    private static final RowMapper<BuildLogLine> LOG_MAPPER = ConstructorMapper.of(BuildLogLine.class);
    private static final String COLUMNS = "id, account, application, service, kind, status, source, ref,"
            + " commit_sha, image, digest, requested_by, created_at, started_at, finished_at, metered_seconds, detail, server";

    private final Database db;
    private final Clock clock;

    public BuildDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Queues a build row. */
    public Build enqueue(NewBuild build) {
        return db.withHandle(h -> h.createQuery("INSERT INTO builds (account, application, service, kind, status, source,"
                        + " ref, requested_by, created_at) VALUES (:account, :app, :service, :kind, :status, :source, :ref,"
                        + " :by, :now) RETURNING " + COLUMNS)
                .bind("account", build.account())
                .bind("app", build.application())
                .bind("service", build.service())
                .bind("kind", build.kind())
                .bind("status", BuildStatus.QUEUED)
                .bind("source", build.source())
                .bind("ref", build.ref())
                .bind("by", build.requestedBy())
                .bind("now", Instant.now(clock))
                .map(MAPPER)
                .one());
    }

    public Optional<Build> find(long id) {
        return db.withHandle(h -> find(h, id));
    }

    public Build require(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Moves a queued build to running. */
    public Build start(long id) {
        return db.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE builds SET status = :to, started_at = :now WHERE id = :id AND status = :from")
                    .bind("to", BuildStatus.RUNNING)
                    .bind("from", BuildStatus.QUEUED)
                    .bind("now", Instant.now(clock))
                    .bind("id", id)
                    .execute();
            return checked(h, id, changed, BuildStatus.RUNNING);
        });
    }

    /** Records the build server a build runs on (none: the control plane's host). */
    public void ranOn(long id, String server) {
        db.withHandle(h -> h.createUpdate("UPDATE builds SET server = :server WHERE id = :id")
                .bind("server", server)
                .bind("id", id)
                .execute());
    }

    /** Records the commit a running build checked out, as soon as it is known. */
    public void commit(long id, String commitSha) {
        db.withHandle(h -> h.createUpdate("UPDATE builds SET commit_sha = :commit WHERE id = :id")
                .bind("commit", commitSha)
                .bind("id", id)
                .execute());
    }

    /** Finishes a running build that pushed {@code image}. */
    public Build succeed(long id, String commitSha, String image, String digest, long meteredSeconds, String detail) {
        return db.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE builds SET status = :to, finished_at = :now, commit_sha = COALESCE(:commit, commit_sha),"
                            + " image = :image, digest = :digest, metered_seconds = :seconds, detail = :detail"
                            + " WHERE id = :id AND status = :from")
                    .bind("to", BuildStatus.SUCCEEDED)
                    .bind("from", BuildStatus.RUNNING)
                    .bind("now", Instant.now(clock))
                    .bind("commit", commitSha)
                    .bind("image", image)
                    .bind("digest", digest)
                    .bind("seconds", meteredSeconds)
                    .bind("detail", detail)
                    .bind("id", id)
                    .execute();
            return checked(h, id, changed, BuildStatus.SUCCEEDED);
        });
    }

    /**
     * Ends a queued or running build as {@code FAILED} or {@code CANCELLED} with the reason;
     * a {@link ConflictException} when it already finished.
     */
    public Build stop(long id, BuildStatus outcome, String detail) {
        if (outcome != BuildStatus.FAILED && outcome != BuildStatus.CANCELLED) {
            throw new IllegalArgumentException("build stop outcome: expected failed or cancelled, got " + outcome);
        }
        return db.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE builds SET status = :to, finished_at = :now, detail = :detail"
                            + " WHERE id = :id AND status IN (:queued, :running)")
                    .bind("to", outcome)
                    .bind("queued", BuildStatus.QUEUED)
                    .bind("running", BuildStatus.RUNNING)
                    .bind("now", Instant.now(clock))
                    .bind("detail", detail)
                    .bind("id", id)
                    .execute();
            return checked(h, id, changed, outcome);
        });
    }

    /** The latest {@code limit} builds, newest first; of one application when {@code application} is present. */
    public List<Build> list(Optional<String> application, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM builds"
                        + (application.isPresent() ? " WHERE application = :app" : "") + " ORDER BY id DESC LIMIT :limit")
                .bind("app", application.orElse(null))
                .bind("limit", limit)
                .map(MAPPER)
                .list());
    }

    /** Every queued or running build, oldest first: what a control plane starting up must fail explicitly. */
    public List<Build> unfinished() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM builds WHERE status IN (:queued, :running) ORDER BY id")
                .bind("queued", BuildStatus.QUEUED)
                .bind("running", BuildStatus.RUNNING)
                .map(MAPPER)
                .list());
    }

    /** Appends a line to the build's log. */
    public BuildLogLine appendLog(long buildId, String line) {
        return db.withHandle(h -> h.createQuery("INSERT INTO build_log (build_id, seq, at, line)"
                        + " SELECT :id, COALESCE(MAX(seq), 0) + 1, :at, :line FROM build_log WHERE build_id = :id"
                        + " RETURNING build_id, seq, at, line")
                .bind("id", buildId)
                .bind("at", Instant.now(clock))
                .bind("line", line)
                .map(LOG_MAPPER)
                .one());
    }

    /** The build's log, oldest line first. */
    public List<BuildLogLine> log(long buildId) {
        return db.withHandle(h -> h.createQuery("SELECT build_id, seq, at, line FROM build_log WHERE build_id = :id ORDER BY seq")
                .bind("id", buildId)
                .map(LOG_MAPPER)
                .list());
    }

    private static Build checked(Handle h, long id, int changed, BuildStatus to) {
        Build current = find(h, id).orElseThrow(() -> notFound(id));
        if (changed == 0) {
            throw new ConflictException("build " + id + " is " + word(current.status()) + ", cannot make it " + word(to));
        }
        return current;
    }

    private static Optional<Build> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM builds WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    private static String word(BuildStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no build " + id);
    }
}
