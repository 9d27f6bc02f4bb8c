package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The host components of local-target environments ({@link HostComponent}). */
public final class HostComponentDao {

    private static final RowMapper<HostComponent> MAPPER = ConstructorMapper.of(HostComponent.class);
    private static final String SELECT = "SELECT a.name AS application, c.environment, c.kind, c.grp, c.instance,"
            + " c.bind_address, c.port, c.created_at, c.server FROM host_components c JOIN applications a ON a.id = c.application_id";

    private final Database db;
    private final Clock clock;

    public HostComponentDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<HostComponent> find(String application, String environment, String kind, String grp) {
        return db.withHandle(h -> h.createQuery(SELECT
                        + " WHERE a.name = :app AND c.environment = :env AND c.kind = :kind AND c.grp = :grp")
                .bind("app", application).bind("env", environment).bind("kind", kind).bind("grp", grp)
                .map(MAPPER).findOne());
    }

    /** The environment's components, by kind and group. */
    public List<HostComponent> list(String application, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND c.environment = :env ORDER BY c.kind, c.grp")
                .bind("app", application).bind("env", environment)
                .map(MAPPER).list());
    }

    /** Records a component on the control plane's own host; see {@link #record(String, String, String, String, String, String, int, String)}. */
    public HostComponent record(String application, String environment, String kind, String grp, String instance,
            String bindAddress, int port) {
        return record(application, environment, kind, grp, instance, bindAddress, port, null);
    }

    /**
     * Records a component (or updates its server, address and port); {@code server} is the registered
     * server it lives on, {@code null} for the control plane's own host. A {@code NotFoundException}
     * without such an application.
     */
    public HostComponent record(String application, String environment, String kind, String grp, String instance,
            String bindAddress, int port, String server) {
        return db.withHandle(h -> h.createQuery("INSERT INTO host_components (application_id, environment, kind, grp,"
                        + " instance, bind_address, port, created_at, server) SELECT id, :env, :kind, :grp, :instance, :bind, :port, :now, :server"
                        + " FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment, kind, grp) DO UPDATE SET instance = excluded.instance,"
                        + " bind_address = excluded.bind_address, port = excluded.port, server = excluded.server"
                        + " RETURNING :app AS application, environment, kind, grp, instance, bind_address, port, created_at, server")
                .bind("app", application).bind("env", environment).bind("kind", kind).bind("grp", grp)
                .bind("instance", instance).bind("bind", bindAddress).bind("port", port).bind("now", Instant.now(clock)).bind("server", server)
                .map(MAPPER).findOne()
                .orElseThrow(() -> ApplicationDao.notFound(application)));
    }

    /** The ports of every component recorded on the registered server, whatever their application. */
    public List<Integer> portsOn(String server) {
        return db.withHandle(h -> h.createQuery("SELECT port FROM host_components WHERE server = :server ORDER BY port")
                .bind("server", server)
                .mapTo(Integer.class).list());
    }

    /** Forgets the environment's components (after they were removed from the host with their data). */
    public int deleteAll(String application, String environment) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM host_components WHERE environment = :env"
                        + " AND application_id = (SELECT id FROM applications WHERE name = :app)")
                .bind("app", application).bind("env", environment).execute());
    }
}
