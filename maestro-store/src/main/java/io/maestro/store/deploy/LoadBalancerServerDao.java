package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The servers that serve cluster environments' load balancers ({@link LoadBalancerServer}). The
 * deploy engine records a server before configuring it and forgets it once the load balancer there
 * is stopped, so what runs where is never only in memory.
 */
public final class LoadBalancerServerDao {

    private static final RowMapper<LoadBalancerServer> MAPPER = ConstructorMapper.of(LoadBalancerServer.class);
    private static final String SELECT = "SELECT a.name AS application, s.environment, s.server, s.prefix"
            + " FROM load_balancer_servers s JOIN applications a ON a.id = s.application_id";

    private final Database db;

    public LoadBalancerServerDao(Database db) {
        this.db = db;
    }

    /** The environment's load balancer servers, by name. */
    public List<LoadBalancerServer> list(String application, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND s.environment = :env ORDER BY s.server")
                .bind("app", application).bind("env", environment)
                .map(MAPPER).list());
    }

    /** Records (or updates the prefix of) one server; a {@code NotFoundException} without such an application. */
    public LoadBalancerServer record(String application, String environment, String server, String prefix) {
        return db.withHandle(h -> h.createQuery("INSERT INTO load_balancer_servers (application_id, environment, server, prefix)"
                        + " SELECT id, :env, :server, :prefix FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment, server) DO UPDATE SET prefix = excluded.prefix"
                        + " RETURNING :app AS application, environment, server, prefix")
                .bind("app", application).bind("env", environment).bind("server", server).bind("prefix", prefix)
                .map(MAPPER).findOne()
                .orElseThrow(() -> ApplicationDao.notFound(application)));
    }

    /** Forgets one server (its load balancer was stopped); whether it was recorded. */
    public boolean delete(String application, String environment, String server) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM load_balancer_servers WHERE environment = :env"
                        + " AND server = :server AND application_id = (SELECT id FROM applications WHERE name = :app)")
                .bind("app", application).bind("env", environment).bind("server", server).execute()) > 0;
    }
}
