package io.maestro.server.deploy;

import io.maestro.store.deploy.LeaseDao;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a held deployment lease every third of its time on a virtual thread, until closed. When
 * a renewal finds the lease gone (force-unlocked by an admin, or taken over after this process
 * stalled past its expiry) it records that, and the deployment stops at its next step.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Thread thread;
    private volatile boolean lost;
    private volatile boolean closed;

    LeaseKeeper(LeaseDao leases, String application, String environment, String holder, Duration leaseTime) {
        Duration every = leaseTime.dividedBy(3);
        thread = Thread.ofVirtual().name("lease-" + application + "-" + environment).start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                try {
                    if (leases.renew(application, environment, holder, leaseTime).isEmpty()) {
                        lost = true;
                        return;
                    }
                } catch (RuntimeException e) {
                    // A database hiccup: try again at the next tick; the lease outlives two missed renewals.
                    LOG.warn("cannot renew the deployment lease of {}/{}: {}", application, environment, e.getMessage());
                }
            }
        });
    }

    /** True once a renewal found the lease held by someone else or removed. */
    boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
