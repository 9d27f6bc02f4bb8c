package io.maestro.store.deploy;

import java.time.Instant;

/**
 * The deployment lock of one application and environment: {@code holder} may deploy until
 * {@code expiresAt}, and must renew before then to keep it. After that anyone may take it over,
 * so a crashed control plane never leaves the application locked.
 */
public record Lease(String application, String environment, String holder, Instant acquiredAt, Instant expiresAt) {

    /** Whether the lease has run out at {@code now} (and may be taken over). */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
