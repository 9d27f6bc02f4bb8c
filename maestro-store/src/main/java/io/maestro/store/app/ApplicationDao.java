package io.maestro.store.app;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Applications by name: create, find, list, delete (which deletes everything stored for it). */
public final class ApplicationDao {

    static final RowMapper<Application> MAPPER = ConstructorMapper.of(Application.class);
    private static final String COLUMNS = "id, name, latest_version, created_at";

    private final Database db;
    private final Clock clock;

    public ApplicationDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates the application; a {@link ConflictException} if the name is taken. */
    public Application create(String name) {
        return db.withHandle(h -> h.createQuery("INSERT INTO applications (name, latest_version, created_at)"
                        + " VALUES (:name, 0, :now) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", name)
                .bind("now", Instant.now(clock))
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> new ConflictException("application '" + name + "' already exists")));
    }

    public Optional<Application> find(String name) {
        return db.withHandle(h -> find(h, name));
    }

    /** The application, or a {@link NotFoundException} naming it. */
    public Application require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** All applications, by name. */
    public List<Application> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM applications ORDER BY name")
                .map(MAPPER)
                .list());
    }

    /**
     * Deletes the application with its versions, deployments, leases, secrets and env vars
     * (the audit log keeps its entries). Returns whether it existed.
     */
    public boolean delete(String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM applications WHERE name = :name")
                .bind("name", name)
                .execute()) > 0;
    }

    static Optional<Application> find(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM applications WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    /** The exception for an application that does not exist (shared by every DAO). */
    public static NotFoundException notFound(String name) {
        return new NotFoundException("no application named '" + name + "'");
    }
}
