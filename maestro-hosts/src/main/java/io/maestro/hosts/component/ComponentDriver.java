package io.maestro.hosts.component;

import io.maestro.hosts.exec.HostExecutor;
import io.maestro.model.service.DatabaseKind;
import java.util.List;

/**
 * Installs, provisions and runs one kind of data store on one host, through a {@link HostExecutor}
 * only: the same driver works on this machine ({@code LocalExecutor}) and over SSH. There is no
 * init system in the way: each driver controls its daemon directly (pg_ctl, mariadbd, redis-server,
 * memcached) with a pid file in the instance's own folder (see {@link InstanceLayout}).
 *
 * <p>Every mutation is idempotent: {@link #provision} with the same spec changes nothing the second
 * time and returns the same {@link Connection}. A failed {@link #provision} stops and removes what
 * that call created, and throws a {@link ComponentException} subclass naming the cause with the
 * instance's log tail: {@link PortInUseException}, {@link ComponentStartException},
 * {@link ComponentInstallException}, {@link InvalidComponentSpecException}.
 *
 * <pre>{@code
 * ComponentDriver postgres = ComponentDriver.forKind(DatabaseKind.POSTGRESQL, new LocalExecutor());
 * postgres.ensureInstalled();
 * Connection connection = postgres.provision(InstanceSpec.of("shop", "/var/lib/maestro", "127.0.0.1", 5432));
 * Map<String, String> env = ConnectionVariables.root(DatabaseKind.POSTGRESQL, connection);
 * }</pre>
 *
 * <p>Drivers need root on the host (they run daemons as the engines' own OS users).
 */
public sealed interface ComponentDriver permits PostgresqlDriver, MariadbDriver, RedisDriver, MemcachedDriver {

    /** The driver for {@code kind} on {@code host}. */
    static ComponentDriver forKind(DatabaseKind kind, HostExecutor host) {
        return switch (kind) {
            case POSTGRESQL -> new PostgresqlDriver(host);
            case MYSQL -> new MariadbDriver(host);
            case REDIS -> new RedisDriver(host);
            case MEMCACHED -> new MemcachedDriver(host);
            default -> throw new ComponentException("Maestro cannot provision " + kind.key() + " yet"
                    + " (supported: postgresql, mysql, redis, memcached)");
        };
    }

    DatabaseKind kind();

    /** Installs the engine with the host's package manager (apt-get) when its binaries are missing. */
    void ensureInstalled();

    /**
     * Creates the instance when missing (folders, data directory, configuration), starts it when
     * stopped, waits until it answers, and for stores with users creates the spec's database and
     * user with a generated password. Returns how to connect.
     */
    Connection provision(InstanceSpec spec);

    /**
     * Creates a database and its owner with a generated password in a running instance (PostgreSQL,
     * MariaDB), or returns the existing one's connection. The password is kept on the host in the
     * instance's root-only {@code credentials} file, so a repeated call returns the same one.
     */
    Connection createDatabase(InstanceSpec spec, String database, String username);

    /** Starts a provisioned instance and waits until it answers; nothing when it runs. */
    void start(InstanceSpec spec);

    /** Stops the instance gracefully; nothing when it is stopped or absent. */
    void stop(InstanceSpec spec);

    InstanceStatus status(InstanceSpec spec);

    /** Asks the running instance the engine's own question; unhealthy when it is not running. */
    Health health(InstanceSpec spec);

    /** The last {@code lines} lines of the instance's log (empty when it has none yet). */
    List<String> logTail(InstanceSpec spec, int lines);

    /** Stops the instance; removes its folder unless {@code keepData} (then a later provision reuses it). */
    void deprovision(InstanceSpec spec, boolean keepData);
}
