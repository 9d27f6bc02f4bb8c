package io.maestro.store.env;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Environment variables as a history of changes: setting or unsetting appends a row, the current
 * value of a variable is its latest row, and nothing is ever overwritten. Secret values are not
 * here: a secret variable's row names the secret ({@code secretRef}) kept in the secret store.
 * {@code service} is {@code null} for application-level variables.
 */
public final class EnvVarDao {

    private static final RowMapper<EnvVarChange> MAPPER = ConstructorMapper.of(EnvVarChange.class);
    private static final String SELECT = "SELECT c.id, a.name AS application, c.service, c.name, c.value,"
            + " c.secret_ref, c.set_by, c.at, c.unset FROM env_var_changes c JOIN applications a ON a.id = c.application_id";
    private static final String LATEST = "c.id = (SELECT MAX(l.id) FROM env_var_changes l"
            + " WHERE l.application_id = c.application_id AND l.service IS NOT DISTINCT FROM c.service AND l.name = c.name)";

    private final Database db;
    private final Clock clock;

    public EnvVarDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Sets the variable to a plain value. */
    public EnvVarChange set(String application, String service, String name, String value, String by) {
        return db.withHandle(h -> append(h, application, service, name, value, null, false, by));
    }

    /** Sets the variable to the secret named {@code secretRef} (stored separately, encrypted). */
    public EnvVarChange setSecret(String application, String service, String name, String secretRef, String by) {
        return db.withHandle(h -> append(h, application, service, name, null, secretRef, false, by));
    }

    /** Unsets the variable; empty (and nothing recorded) when it is not set. */
    public Optional<EnvVarChange> unset(String application, String service, String name, String by) {
        return db.inTransaction(h -> current(h, application, service, name).isEmpty()
                ? Optional.empty()
                : Optional.of(append(h, application, service, name, null, null, true, by)));
    }

    /** The variable's current setting, if it is set. */
    public Optional<EnvVarChange> current(String application, String service, String name) {
        return db.withHandle(h -> current(h, application, service, name));
    }

    /** Every variable currently set on the application (or service), by name. */
    public List<EnvVarChange> current(String application, String service) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND c.service IS NOT DISTINCT FROM :service"
                        + " AND c.unset = FALSE AND " + LATEST + " ORDER BY c.name")
                .bind("app", application)
                .bind("service", service)
                .map(MAPPER)
                .list());
    }

    /** Every change of the variable, newest first. */
    public List<EnvVarChange> history(String application, String service, String name) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND c.service IS NOT DISTINCT FROM :service"
                        + " AND c.name = :name ORDER BY c.id DESC")
                .bind("app", application)
                .bind("service", service)
                .bind("name", name)
                .map(MAPPER)
                .list());
    }

    private static Optional<EnvVarChange> current(Handle h, String application, String service, String name) {
        return h.createQuery(SELECT + " WHERE a.name = :app AND c.service IS NOT DISTINCT FROM :service AND c.name = :name"
                        + " AND c.unset = FALSE AND " + LATEST)
                .bind("app", application)
                .bind("service", service)
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    private EnvVarChange append(Handle h, String application, String service, String name, String value,
            String secretRef, boolean unset, String by) {
        return h.createQuery("INSERT INTO env_var_changes (application_id, service, name, value, secret_ref, set_by, at, unset)"
                        + " SELECT id, :service, :name, :value, :secret, :by, :at, :unset FROM applications WHERE name = :app"
                        + " RETURNING id, :app AS application, service, name, value, secret_ref, set_by, at, unset")
                .bind("app", application)
                .bind("service", service)
                .bind("name", name)
                .bind("value", value)
                .bind("secret", secretRef)
                .bind("by", by)
                .bind("at", Instant.now(clock))
                .bind("unset", unset)
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> ApplicationDao.notFound(application));
    }
}
