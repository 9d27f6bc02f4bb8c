package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.audit.Actor;
import io.maestro.store.audit.AuditLog;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Deployment locks as leases: one holder per application and environment, with an expiry.
 *
 * <pre>{@code
 * Optional<Lease> lease = leases.tryAcquire("shop", "production", "deploy-42", Duration.ofMinutes(2));
 * if (lease.isEmpty()) { ... queue the deployment ... }
 * ... leases.renew("shop", "production", "deploy-42", Duration.ofMinutes(2)) while deploying ...
 * leases.release("shop", "production", "deploy-42");
 * }</pre>
 *
 * <p>Acquisition is one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} statement: the row's
 * lock makes concurrent attempts take turns, and the WHERE lets an attempt win only when the
 * lease is free, expired, or already its own. Expiry is judged by this process's clock: control
 * planes sharing a database must keep their clocks in sync (NTP), well within the lease time.
 */
public final class LeaseDao {

    /** The audit action written by {@link #forceRelease}. */
    public static final String FORCE_RELEASE_ACTION = "deployment.lease.force-release";

    private static final RowMapper<Lease> MAPPER = ConstructorMapper.of(Lease.class);
    private static final String APPLICATION_ID = "(SELECT id FROM applications WHERE name = :app)";
    private static final String RETURNING =
            " RETURNING :app AS application, environment, holder, acquired_at, expires_at";

    private final Database db;
    private final Clock clock;
    private final AuditLog audit;

    public LeaseDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.audit = new AuditLog(db, clock);
    }

    /**
     * Takes the lease for {@code ttl} if it is free, expired, or already held by {@code holder}
     * (then it is extended, keeping its acquisition time). Empty when someone else holds it;
     * a {@code NotFoundException} when there is no such application.
     */
    public Optional<Lease> tryAcquire(String application, String environment, String holder, Duration ttl) {
        requirePositive(ttl);
        Instant now = Instant.now(clock);
        return db.withHandle(h -> {
            Optional<Lease> lease = h.createQuery("INSERT INTO deployment_leases"
                            + " (application_id, environment, holder, acquired_at, expires_at)"
                            + " SELECT id, :env, :holder, :now, :expires FROM applications WHERE name = :app"
                            + " ON CONFLICT (application_id, environment) DO UPDATE SET"
                            + " holder = excluded.holder,"
                            + " acquired_at = CASE WHEN deployment_leases.holder = excluded.holder"
                            + " THEN deployment_leases.acquired_at ELSE excluded.acquired_at END,"
                            + " expires_at = excluded.expires_at"
                            + " WHERE deployment_leases.expires_at <= excluded.acquired_at"
                            + " OR deployment_leases.holder = excluded.holder"
                            + RETURNING)
                    .bind("app", application)
                    .bind("env", environment)
                    .bind("holder", holder)
                    .bind("now", now)
                    .bind("expires", now.plus(ttl))
                    .map(MAPPER)
                    .findOne();
            if (lease.isEmpty()) {
                requireApplication(h, application);
            }
            return lease;
        });
    }

    /**
     * Extends the lease to {@code ttl} from now if {@code holder} still holds it (even past its
     * expiry, as long as nobody took it over). Empty when the lease is gone or someone else's:
     * the holder must stop deploying.
     */
    public Optional<Lease> renew(String application, String environment, String holder, Duration ttl) {
        requirePositive(ttl);
        return db.withHandle(h -> h.createQuery("UPDATE deployment_leases SET expires_at = :expires"
                        + " WHERE application_id = " + APPLICATION_ID + " AND environment = :env AND holder = :holder"
                        + RETURNING)
                .bind("app", application)
                .bind("env", environment)
                .bind("holder", holder)
                .bind("expires", Instant.now(clock).plus(ttl))
                .map(MAPPER)
                .findOne());
    }

    /** Gives the lease up if {@code holder} holds it; returns whether it did. */
    public boolean release(String application, String environment, String holder) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM deployment_leases"
                        + " WHERE application_id = " + APPLICATION_ID + " AND environment = :env AND holder = :holder")
                .bind("app", application)
                .bind("env", environment)
                .bind("holder", holder)
                .execute()) > 0;
    }

    /**
     * Removes the lease whoever holds it (an admin unlocking an application), and records that
     * in the audit log in the same transaction. Returns the lease that was removed; empty (and
     * nothing audited) when there was none.
     */
    public Optional<Lease> forceRelease(String application, String environment, Actor by) {
        return db.inTransaction(h -> {
            Optional<Lease> removed = h.createQuery("DELETE FROM deployment_leases"
                            + " WHERE application_id = " + APPLICATION_ID + " AND environment = :env" + RETURNING)
                    .bind("app", application)
                    .bind("env", environment)
                    .map(MAPPER)
                    .findOne();
            removed.ifPresent(lease -> audit.record(by, FORCE_RELEASE_ACTION, application + "/" + environment,
                    "released the lease held by " + lease.holder() + " since " + lease.acquiredAt()
                            + (lease.expiredAt(Instant.now(clock)) ? ", expired at " : ", valid until ")
                            + lease.expiresAt()));
            return removed;
        });
    }

    /** The lease row of the application and environment, expired or not. */
    public Optional<Lease> find(String application, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT a.name AS application, l.environment, l.holder,"
                        + " l.acquired_at, l.expires_at FROM deployment_leases l"
                        + " JOIN applications a ON a.id = l.application_id WHERE a.name = :app AND l.environment = :env")
                .bind("app", application)
                .bind("env", environment)
                .map(MAPPER)
                .findOne());
    }

    private static void requireApplication(Handle h, String application) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM applications WHERE name = :app")
                .bind("app", application)
                .mapTo(Integer.class)
                .one() > 0;
        if (!exists) {
            throw ApplicationDao.notFound(application);
        }
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease time: expected a positive duration, got " + ttl);
        }
    }
}
