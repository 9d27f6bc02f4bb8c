package io.maestro.store.app;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The saved versions of each application's service.yml and manifest.yml.
 *
 * <p>Version numbers come from a counter on the application row, incremented in the same
 * transaction as the insert: concurrent uploads queue on that row and get consecutive numbers.
 */
public final class VersionDao {

    private static final RowMapper<ApplicationVersion> MAPPER = ConstructorMapper.of(ApplicationVersion.class);
    private static final RowMapper<VersionSummary> SUMMARY = ConstructorMapper.of(VersionSummary.class);
    private static final String FROM = " FROM application_versions v JOIN applications a ON a.id = v.application_id";

    private final Database db;
    private final Clock clock;

    public VersionDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores the next version of {@code application}; a {@code NotFoundException} if there is no such application. */
    public ApplicationVersion add(String application, NewVersion content) {
        Instant now = Instant.now(clock);
        return db.inTransaction(h -> {
            // The UPDATE takes the row's write lock first, so concurrent adds serialize here.
            int version = h.createQuery("UPDATE applications SET latest_version = latest_version + 1"
                            + " WHERE name = :name RETURNING latest_version")
                    .bind("name", application)
                    .mapTo(Integer.class)
                    .findOne()
                    .orElseThrow(() -> ApplicationDao.notFound(application));
            return h.createQuery("INSERT INTO application_versions"
                            + " (application_id, version, service_yml, manifest_yml, comment, author, created_at)"
                            + " SELECT id, :version, :service, :manifest, :comment, :author, :now"
                            + " FROM applications WHERE name = :name"
                            + " RETURNING :name AS application, version, service_yml, manifest_yml, comment, author, created_at")
                    .bind("name", application)
                    .bind("version", version)
                    .bind("service", content.serviceYml())
                    .bind("manifest", content.manifestYml())
                    .bind("comment", content.comment())
                    .bind("author", content.author())
                    .bind("now", now)
                    .map(MAPPER)
                    .one();
        });
    }

    public Optional<ApplicationVersion> find(String application, int version) {
        return db.withHandle(h -> h.createQuery("SELECT a.name AS application, v.version, v.service_yml,"
                        + " v.manifest_yml, v.comment, v.author, v.created_at" + FROM
                        + " WHERE a.name = :name AND v.version = :version")
                .bind("name", application)
                .bind("version", version)
                .map(MAPPER)
                .findOne());
    }

    /** The newest version, if the application has any. */
    public Optional<ApplicationVersion> latest(String application) {
        return db.withHandle(h -> h.createQuery("SELECT a.name AS application, v.version, v.service_yml,"
                        + " v.manifest_yml, v.comment, v.author, v.created_at" + FROM
                        + " WHERE a.name = :name ORDER BY v.version DESC LIMIT 1")
                .bind("name", application)
                .map(MAPPER)
                .findOne());
    }

    /** Every version of the application, newest first, without the texts. */
    public List<VersionSummary> list(String application) {
        return db.withHandle(h -> h.createQuery("SELECT a.name AS application, v.version, v.comment, v.author,"
                        + " v.created_at" + FROM + " WHERE a.name = :name ORDER BY v.version DESC")
                .bind("name", application)
                .map(SUMMARY)
                .list());
    }
}
