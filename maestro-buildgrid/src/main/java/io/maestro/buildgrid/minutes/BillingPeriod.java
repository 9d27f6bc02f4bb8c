package io.maestro.buildgrid.minutes;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** A billing period: one calendar month in UTC, from its first instant (inclusive) to the next month's. */
public record BillingPeriod(YearMonth month) {

    public static BillingPeriod of(Instant instant) {
        return new BillingPeriod(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
