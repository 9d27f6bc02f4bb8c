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
    private static final String SELECT = "SELECT c.id, a.name AS application, c.service, c.environment, c.name, c.value,"
            + " c.secret_ref, c.set_by, c.at, c.unset FROM env_var_changes c JOIN applications a ON a.id = c.application_id";
    private static final String LATEST = "c.id = (SELECT MAX(l.id) FROM env_var_changes l"
            + " WHERE l.application_id = c.application_id AND l.service IS NOT DISTINCT FROM c.service"
            + " AND l.environment IS NOT DISTINCT FROM c.environment AND l.name = c.name)";
    private static final String SCOPE = " c.service IS NOT DISTINCT FROM :service AND c.environment IS NOT DISTINCT FROM :environment";

    private final Database db;
    private final Clock clock;

    public EnvVarDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Sets the variable to a plain value (for every environment). */
    public EnvVarChange set(String application, String service, String name, String value, String by) {
        return set(application, service, null, name, value, by);
    }

    /** Sets the variable to a plain value in {@code environment} (null: every environment). */
    public EnvVarChange set(String application, String service, String environment, String name, String value, String by) {
        return db.withHandle(h -> append(h, application, service, environment, name, value, null, false, by));
    }

    /** Sets the variable to the secret named {@code secretRef} (stored separately, encrypted), for every environment. */
    public EnvVarChange setSecret(String application, String service, String name, String secretRef, String by) {
        return setSecret(application, service, null, name, secretRef, by);
    }

    /** Sets the variable to the secret named {@code secretRef} in {@code environment} (null: every environment). */
    public EnvVarChange setSecret(String application, String service, String environment, String name, String secretRef,
            String by) {
        return db.withHandle(h -> append(h, application, service, environment, name, null, secretRef, false, by));
    }

    /** Unsets the variable (for every environment); empty (and nothing recorded) when it is not set. */
    public Optional<EnvVarChange> unset(String application, String service, String name, String by) {
        return unset(application, service, null, name, by);
    }

    /** Unsets the variable in {@code environment}; empty (and nothing recorded) when it is not set. */
    public Optional<EnvVarChange> unset(String application, String service, String environment, String name, String by) {
        return db.inTransaction(h -> current(h, application, service, environment, name).isEmpty()
                ? Optional.empty()
                : Optional.of(append(h, application, service, environment, name, null, null, true, by)));
    }

    /** The variable's current setting (for every environment), if it is set. */
    public Optional<EnvVarChange> current(String application, String service, String name) {
        return current(application, service, (String) null, name);
    }

    /** The variable's current setting in exactly this scope, if it is set. */
    public Optional<EnvVarChange> current(String application, String service, String environment, String name) {
        return db.withHandle(h -> current(h, application, service, environment, name));
    }

    /** Every variable currently set on the application (or service) for every environment, by name. */
    public List<EnvVarChange> current(String application, String service) {
        return currentIn(application, service, null);
    }

    /** Every variable currently set in exactly this scope (service and environment, each null for "all"), by name. */
    public List<EnvVarChange> currentIn(String application, String service, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND" + SCOPE
                        + " AND c.unset = FALSE AND " + LATEST + " ORDER BY c.name")
                .bind("app", application)
                .bind("service", service)
                .bind("environment", environment)
                .map(MAPPER)
                .list());
    }

    /** Every variable currently set on the application, in every scope, by name, service and environment. */
    public List<EnvVarChange> currentAll(String application) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app"
                        + " AND c.unset = FALSE AND " + LATEST
                        + " ORDER BY c.name, c.service IS NOT NULL, c.service, c.environment IS NOT NULL, c.environment")
                .bind("app", application)
                .map(MAPPER)
                .list());
    }

    /** Every change of the variable (for every environment), newest first. */
    public List<EnvVarChange> history(String application, String service, String name) {
        return history(application, service, null, name);
    }

    /** Every change of the variable in exactly this scope, newest first. */
    public List<EnvVarChange> history(String application, String service, String environment, String name) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND" + SCOPE
                        + " AND c.name = :name ORDER BY c.id DESC")
                .bind("app", application)
                .bind("service", service)
                .bind("environment", environment)
                .bind("name", name)
                .map(MAPPER)
                .list());
    }

    private static Optional<EnvVarChange> current(Handle h, String application, String service, String environment,
            String name) {
        return h.createQuery(SELECT + " WHERE a.name = :app AND" + SCOPE + " AND c.name = :name"
                        + " AND c.unset = FALSE AND " + LATEST)
                .bind("app", application)
                .bind("service", service)
                .bind("environment", environment)
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    private EnvVarChange append(Handle h, String application, String service, String environment, String name,
            String value, String secretRef, boolean unset, String by) {
        return h.createQuery("INSERT INTO env_var_changes"
                        + " (application_id, service, environment, name, value, secret_ref, set_by, at, unset)"
                        + " SELECT id, :service, :environment, :name, :value, :secret, :by, :at, :unset FROM applications"
                        + " WHERE name = :app"
                        + " RETURNING id, :app AS application, service, environment, name, value, secret_ref, set_by, at, unset")
                .bind("app", application)
                .bind("service", service)
                .bind("environment", environment)
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
