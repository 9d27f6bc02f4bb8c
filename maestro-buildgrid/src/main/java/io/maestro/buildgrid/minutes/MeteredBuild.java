package io.maestro.buildgrid.minutes;

import java.time.Instant;
import java.util.Objects;

/**
 * One ledger entry: a build or a retag and its metered time (build plus push wall time, to the
 * second). It belongs to the billing period in which it finished.
 */
public record MeteredBuild(String account, String buildId, Kind kind, Instant finishedAt, long meteredSeconds) {

    /** What consumed the minutes. */
    public enum Kind { BUILD, RETAG }

    public MeteredBuild {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (meteredSeconds < 0) {
            throw new IllegalArgumentException("metered time must be 0 s or more, found " + meteredSeconds);
        }
    }
}
