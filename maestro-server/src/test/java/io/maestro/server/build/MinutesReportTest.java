package io.maestro.server.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.store.build.BuildMinutesEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinutesReportTest {

    private static final Plan GROWTH = new Plan("growth", 10, new BigDecimal("0.03"), OverageRounding.UP_TO_CENT, false);
    // November has 30 days; at the end of the 15th half of it has passed.
    private static final Instant HALF_WAY = Instant.parse("2026-11-16T00:00:00Z");

    @Test
    void usageIsProjectedLinearlyToTheEndOfTheMonthAndDaysWithoutBuildsShowZero() {
        List<BuildMinutesEntry> entries = List.of(
                entry(1, "2026-11-02T10:00:00Z", 6 * 60),
                entry(2, "2026-11-02T11:00:00Z", 30),
                entry(3, "2026-11-15T09:00:00Z", 5 * 60 + 30));

        MinutesReport report = MinutesReport.of(GROWTH, BillingPeriod.of(HALF_WAY), entries, HALF_WAY);

        assertThat(report.usedSeconds()).isEqualTo(12 * 60);
        assertThat(report.billedMinutes()).isEqualTo(12);
        assertThat(report.remainingMinutes()).isZero();
        assertThat(report.overageMinutes()).isEqualTo(2);
        assertThat(report.overageCost()).isEqualByComparingTo("0.06");
        assertThat(report.projectedOverageMinutes()).isEqualTo(24 - 10);
        assertThat(report.projectedOverageCost()).isEqualByComparingTo("0.42");
        assertThat(report.perDay()).hasSize(16);
        assertThat(report.perDay().get(1)).isEqualTo(new MinutesReport.Day(LocalDate.parse("2026-11-02"), new BigDecimal("6.50")));
        assertThat(report.perDay().get(2).minutes()).isEqualByComparingTo("0");
    }

    @Test
    void aHardStopPlanProjectsNoOverageAndIsExhaustedAtItsAllowance() {
        Plan free = new Plan("free", 10, BigDecimal.ZERO, OverageRounding.UP_TO_DOLLAR, true);

        MinutesReport report = MinutesReport.of(free, BillingPeriod.of(HALF_WAY), List.of(entry(1, "2026-11-03T00:00:00Z", 600)), HALF_WAY);

        assertThat(report.exhausted()).isTrue();
        assertThat(report.projectedOverageMinutes()).isZero();
        assertThat(report.remainingMinutes()).isZero();
    }

    @Test
    void theFirstHourOfAMonthIsNotExtrapolated() {
        Instant start = Instant.parse("2026-11-01T00:30:00Z");
        assertThat(MinutesReport.projected(600, BillingPeriod.of(start), start)).isEqualTo(600);
        assertThat(MinutesReport.projected(600, BillingPeriod.of(start), Instant.parse("2026-12-05T00:00:00Z"))).isEqualTo(600);
    }

    private static BuildMinutesEntry entry(long id, String finishedAt, long seconds) {
        return new BuildMinutesEntry(id, "acct", "b" + id, "build", Instant.parse(finishedAt), seconds);
    }
}
