package io.maestro.store.build;

import java.time.Instant;

/**
 * An account's Build Minutes plan as stored (maestro-buildgrid's {@code Plan} is the live twin).
 *
 * @param overagePerMinute dollars per overage minute, a decimal number as text (no float rounding)
 * @param rounding {@code up_to_dollar} or {@code up_to_cent}
 */
public record StoredPlan(String account, String name, long includedMinutes, String overagePerMinute, String rounding,
        boolean hardStop, Instant updatedAt, String updatedBy) {}
