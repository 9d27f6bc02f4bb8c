package io.maestro.buildgrid.minutes;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A Build Minutes plan: how many minutes a billing period includes, what each minute beyond
 * costs, how the period's overage total is rounded, and whether builds stop instead of going
 * over (the free plan). The reference's sources disagree on the numbers (§4), so every one is
 * configurable; {@link #FREE} and {@link #GROWTH} follow the latest help pages.
 *
 * @param overagePerMinute price of one overage minute, in dollars
 */
public record Plan(String name, long includedMinutes, BigDecimal overagePerMinute, OverageRounding rounding,
        boolean hardStop) {

    /** Free: 50 minutes a month, builds stop when they are used up. */
    public static final Plan FREE = new Plan("free", 50, BigDecimal.ZERO, OverageRounding.UP_TO_DOLLAR, true);
    /** Startup/Growth/Premium: 200 minutes a month, then $0.03 a minute, rounded up to the dollar. */
    public static final Plan GROWTH = new Plan("growth", 200, new BigDecimal("0.03"), OverageRounding.UP_TO_DOLLAR, false);

    public Plan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(overagePerMinute, "overagePerMinute");
        Objects.requireNonNull(rounding, "rounding");
        if (includedMinutes < 0) {
            throw new IllegalArgumentException("plan " + name + ": included minutes must be 0 or more, found " + includedMinutes);
        }
        if (overagePerMinute.signum() < 0) {
            throw new IllegalArgumentException("plan " + name + ": overage price must be 0 or more, found " + overagePerMinute);
        }
    }

    public long includedSeconds() {
        return Math.multiplyExact(includedMinutes, 60L);
    }
}
