package io.maestro.store.auth;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.Dialect;
import io.maestro.store.db.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Users by name, with their role. */
public final class UserDao {

    static final RowMapper<User> MAPPER = ConstructorMapper.of(User.class);
    private static final String COLUMNS = "id, name, role, created_at";

    private final Database db;
    private final Clock clock;

    public UserDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates the user; a {@link ConflictException} if the name is taken. */
    public User create(String name, Role role) {
        return db.withHandle(h -> h.createQuery("INSERT INTO users (name, role, created_at) VALUES (:name, :role, :now)"
                        + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", name)
                .bind("role", role)
                .bind("now", Instant.now(clock))
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> new ConflictException("user '" + name + "' already exists")));
    }

    /**
     * Creates {@code name} as an admin only if the store has no user at all. Two control planes
     * starting together cannot both create a first admin: SQLite runs one writer at a time, and
     * on PostgreSQL the transaction locks the users table against concurrent inserts first.
     */
    public Optional<User> createFirstAdmin(String name) {
        return db.inTransaction(h -> {
            if (db.dialect() == Dialect.POSTGRESQL) {
                h.execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
            }
            return h.createQuery("INSERT INTO users (name, role, created_at)"
                            + " SELECT :name, :role, :now WHERE NOT EXISTS (SELECT 1 FROM users)"
                            + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                    .bind("name", name)
                    .bind("role", Role.ADMIN)
                    .bind("now", Instant.now(clock))
                    .map(MAPPER)
                    .findOne();
        });
    }

    public Optional<User> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public User require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** All users, by name. */
    public List<User> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY name")
                .map(MAPPER)
                .list());
    }

    /** Changes the user's role; a {@link NotFoundException} if there is no such user. */
    public User setRole(String name, Role role) {
        return db.withHandle(h -> h.createQuery("UPDATE users SET role = :role WHERE name = :name RETURNING " + COLUMNS)
                .bind("name", name)
                .bind("role", role)
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> notFound(name)));
    }

    /** Deletes the user and their tokens; returns whether the user existed. */
    public boolean delete(String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM users WHERE name = :name").bind("name", name).execute()) > 0;
    }

    static NotFoundException notFound(String name) {
        return new NotFoundException("no user named '" + name + "'");
    }
}
