package io.maestro.server.build;

import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.PeriodUsage;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.store.build.BuildMinutesEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /build-minutes} and {@code maestro builds minutes} show for one billing
 * period: used and remaining minutes, the overage so far, the overage projected to the period's
 * end at the pace so far (linear), and minutes per day for the chart.
 *
 * @param billedMinutes used time in whole minutes, rounded up
 * @param remainingMinutes allowance left, in whole minutes (rounded down)
 * @param projectedOverageMinutes whole minutes beyond the allowance the period ends with at this pace
 */
public record MinutesReport(Plan plan, BillingPeriod period, long usedSeconds, int builds, long billedMinutes,
        long allowanceMinutes, long remainingMinutes, long overageMinutes, long projectedOverageMinutes,
        BigDecimal overageCost, BigDecimal projectedOverageCost, boolean exhausted, List<Day> perDay) {

    /** Metered minutes of one UTC day (two decimals, rounded up). */
    public record Day(LocalDate day, BigDecimal minutes) {}

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    /** The report of {@code entries} (the period's ledger rows) as of {@code now}. */
    public static MinutesReport of(Plan plan, BillingPeriod period, List<BuildMinutesEntry> entries, Instant now) {
        long used = 0;
        Map<LocalDate, Long> daily = new TreeMap<>();
        LocalDate first = period.start().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = lastDayShown(period, now);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            daily.put(day, 0L);
        }
        for (BuildMinutesEntry entry : entries) {
            used = Math.addExact(used, entry.meteredSeconds());
            daily.merge(entry.finishedAt().atOffset(ZoneOffset.UTC).toLocalDate(), entry.meteredSeconds(), Long::sum);
        }
        PeriodUsage usage = new PeriodUsage("", period, plan, used, entries.size());
        long projectedSeconds = projected(used, period, now);
        PeriodUsage projectedUsage = new PeriodUsage("", period, plan, projectedSeconds, entries.size());
        List<Day> days = new ArrayList<>();
        daily.forEach((day, seconds) -> days.add(new Day(day, BigDecimal.valueOf(seconds).divide(SIXTY, 2, RoundingMode.CEILING))));
        return new MinutesReport(plan, period, used, entries.size(), ceilMinutes(used), plan.includedMinutes(),
                usage.remainingSeconds() / 60, ceilMinutes(usage.overageSeconds()),
                plan.hardStop() ? 0 : ceilMinutes(projectedUsage.overageSeconds()), usage.overageCost(),
                plan.hardStop() ? BigDecimal.ZERO : projectedUsage.overageCost(), usage.exhausted(), days);
    }

    /**
     * The period's usage at the pace so far: used × period length ÷ time elapsed. A period that
     * is over is its usage; one that has barely started (under an hour) is not extrapolated.
     */
    static long projected(long usedSeconds, BillingPeriod period, Instant now) {
        if (!now.isBefore(period.end())) {
            return usedSeconds;
        }
        long elapsed = Duration.between(period.start(), now).toSeconds();
        if (elapsed < 3600) {
            return usedSeconds;
        }
        long length = Duration.between(period.start(), period.end()).toSeconds();
        return BigDecimal.valueOf(usedSeconds).multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(elapsed), 0, RoundingMode.CEILING).longValueExact();
    }

    private static LocalDate lastDayShown(BillingPeriod period, Instant now) {
        LocalDate lastOfPeriod = period.end().minusSeconds(1).atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        return today.isBefore(lastOfPeriod) ? today : lastOfPeriod;
    }

    private static long ceilMinutes(long seconds) {
        return (seconds + 59) / 60;
    }
}
