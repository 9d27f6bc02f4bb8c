package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The load balancers' listen ports ({@link LoadBalancerPort}), one row per declared port and scheme. */
public final class LoadBalancerPortDao {

    private static final RowMapper<LoadBalancerPort> MAPPER = ConstructorMapper.of(LoadBalancerPort.class);
    private static final String SELECT = "SELECT a.name AS application, p.environment, p.scheme, p.declared_port,"
            + " p.listen_port FROM load_balancer_ports p JOIN applications a ON a.id = p.application_id";

    private final Database db;

    public LoadBalancerPortDao(Database db) {
        this.db = db;
    }

    /** The environment's ports, by scheme and declared port. */
    public List<LoadBalancerPort> list(String application, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE a.name = :app AND p.environment = :env"
                        + " ORDER BY p.scheme, p.declared_port")
                .bind("app", application).bind("env", environment)
                .map(MAPPER).list());
    }

    /** Every recorded port of every environment (to keep a new choice off ports another one uses). */
    public List<LoadBalancerPort> all() {
        return db.withHandle(h -> h.createQuery(SELECT + " ORDER BY a.name, p.environment, p.scheme, p.declared_port")
                .map(MAPPER).list());
    }

    /** Records (or moves) one port; a {@code NotFoundException} without such an application. */
    public LoadBalancerPort record(String application, String environment, String scheme, int declaredPort, int listenPort) {
        return db.withHandle(h -> h.createQuery("INSERT INTO load_balancer_ports (application_id, environment, scheme,"
                        + " declared_port, listen_port) SELECT id, :env, :scheme, :declared, :listen FROM applications"
                        + " WHERE name = :app ON CONFLICT (application_id, environment, scheme, declared_port)"
                        + " DO UPDATE SET listen_port = excluded.listen_port"
                        + " RETURNING :app AS application, environment, scheme, declared_port, listen_port")
                .bind("app", application).bind("env", environment).bind("scheme", scheme)
                .bind("declared", declaredPort).bind("listen", listenPort)
                .map(MAPPER).findOne()
                .orElseThrow(() -> ApplicationDao.notFound(application)));
    }

    /** Forgets the environment's ports (its load balancer was removed). */
    public int deleteAll(String application, String environment) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM load_balancer_ports WHERE environment = :env"
                        + " AND application_id = (SELECT id FROM applications WHERE name = :app)")
                .bind("app", application).bind("env", environment).execute());
    }
}
