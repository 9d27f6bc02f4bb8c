package io.maestro.buildgrid.minutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Build Minutes arithmetic: per-period totals, allowance, overage and its rounding, hard stop. */
class BuildMinutesPropertyTest {

    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Plan METERED = new Plan("metered", 120, new BigDecimal("0.005"), OverageRounding.UP_TO_DOLLAR, false);

    @Test
    void theReferenceExampleOf240OverageMinutesAtHalfACentBillsTwoDollarsRoundedUpFromOneTwenty() {
        PeriodUsage usage = new PeriodUsage("acme", BillingPeriod.of(MAY), METERED, (120 + 240) * 60L, 1);

        assertThat(usage.overageSeconds()).isEqualTo(240 * 60L);
        assertThat(usage.exactOverageCost()).isEqualByComparingTo("1.20");
        assertThat(usage.overageCost()).isEqualByComparingTo("2");
    }

    @Test
    void aPeriodTotalIsTheSumOfItsOwnEntriesWhateverTheOrderAndOtherMonthsAndAccountsDoNotCount() {
        qt().withExamples(300).forAll(
                        lists().of(integers().between(0, 4 * 3600)).ofSizeBetween(0, 40),
                        integers().between(-40 * 86_400, 70 * 86_400),
                        longs().all())
                .checkAssert((seconds, offset, seed) -> {
                    List<MeteredBuild> entries = new ArrayList<>();
                    for (int i = 0; i < seconds.size(); i++) {
                        Instant when = MAY.plusSeconds(offset + i * 3_600L);
                        entries.add(new MeteredBuild(i % 3 == 0 ? "other" : "acme", "b" + i, MeteredBuild.Kind.BUILD,
                                when, seconds.get(i)));
                    }
                    Collections.shuffle(entries, new Random(seed));
                    BuildMinutesLedger ledger = new BuildMinutesLedger();
                    entries.forEach(ledger::record);

                    BillingPeriod may = BillingPeriod.of(MAY);
                    long expected = entries.stream()
                            .filter(e -> e.account().equals("acme") && !e.finishedAt().isBefore(MAY)
                                    && e.finishedAt().isBefore(Instant.parse("2026-06-01T00:00:00Z")))
                            .mapToLong(MeteredBuild::meteredSeconds).sum();
                    assertThat(ledger.usage("acme", METERED, may).usedSeconds()).isEqualTo(expected);
                });
    }

    @Test
    void usedRemainingAndOverageAlwaysAddUpToTheAllowance() {
        qt().withExamples(500).forAll(longs().between(0, 10_000_000), longs().between(0, 100_000))
                .checkAssert((used, included) -> {
                    Plan plan = new Plan("p", included, new BigDecimal("0.03"), OverageRounding.UP_TO_DOLLAR, false);
                    PeriodUsage usage = new PeriodUsage("a", BillingPeriod.of(MAY), plan, used, 1);

                    assertThat(used - usage.overageSeconds() + usage.remainingSeconds()).isEqualTo(plan.includedSeconds());
                    assertThat(usage.overageCost().signum() > 0).isEqualTo(used > plan.includedSeconds());
                });
    }

    @Test
    void roundedOverageIsAtLeastTheExactCostAndLessThanOneUnitMore() {
        qt().withExamples(500).forAll(longs().between(0, 10_000_000), integers().between(0, 1000), integers().between(0, 1))
                .checkAssert((used, tenthsOfCent, roundingIndex) -> {
                    OverageRounding rounding = OverageRounding.values()[roundingIndex];
                    Plan plan = new Plan("p", 50, BigDecimal.valueOf(tenthsOfCent, 3), rounding, false);
                    PeriodUsage usage = new PeriodUsage("a", BillingPeriod.of(MAY), plan, used, 1);
                    BigDecimal unit = rounding == OverageRounding.UP_TO_DOLLAR ? BigDecimal.ONE : new BigDecimal("0.01");

                    assertThat(usage.overageCost()).isGreaterThanOrEqualTo(usage.exactOverageCost());
                    assertThat(usage.overageCost()).isLessThan(usage.exactOverageCost().add(unit));
                    assertThat(usage.overageCost().remainder(unit)).isEqualByComparingTo("0");
                });
    }

    @Test
    void moreMeteredTimeNeverCostsLess() {
        qt().withExamples(500).forAll(longs().between(0, 5_000_000), longs().between(0, 5_000_000))
                .checkAssert((a, b) -> {
                    PeriodUsage less = new PeriodUsage("a", BillingPeriod.of(MAY), Plan.GROWTH, Math.min(a, b), 1);
                    PeriodUsage more = new PeriodUsage("a", BillingPeriod.of(MAY), Plan.GROWTH, Math.max(a, b), 1);
                    assertThat(more.overageCost()).isGreaterThanOrEqualTo(less.overageCost());
                });
    }

    @Test
    void aHardStopPlanRefusesExactlyWhenTheAllowanceIsUsedUpAndANewMonthStartsAfresh() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 1200)).ofSizeBetween(0, 10))
                .checkAssert(seconds -> {
                    BuildMinutesLedger ledger = new BuildMinutesLedger();
                    Plan free = new Plan("free", 60, BigDecimal.ZERO, OverageRounding.UP_TO_DOLLAR, true);
                    for (int i = 0; i < seconds.size(); i++) {
                        ledger.record(new MeteredBuild("acme", "b" + i, MeteredBuild.Kind.BUILD, MAY.plusSeconds(i), seconds.get(i)));
                    }
                    long total = seconds.stream().mapToLong(Integer::longValue).sum();
                    Instant later = MAY.plus(Duration.ofDays(3));
                    if (total >= 3600) {
                        assertThatThrownBy(() -> ledger.requireAllowance("acme", free, later))
                                .isInstanceOf(BuildMinutesExhaustedException.class);
                    } else {
                        assertThat(ledger.requireAllowance("acme", free, later).remainingSeconds()).isEqualTo(3600 - total);
                    }
                    assertThat(ledger.requireAllowance("acme", free, Instant.parse("2026-06-01T00:00:00Z")).usedSeconds()).isZero();
                });
    }

    @Test
    void theRefusalSaysWhichPlanWhichPeriodAndWhenBuildsResume() {
        BuildMinutesLedger ledger = new BuildMinutesLedger();
        ledger.record(new MeteredBuild("acme", "b1", MeteredBuild.Kind.RETAG, MAY.plusSeconds(10), 50 * 60));

        assertThatThrownBy(() -> ledger.requireAllowance("acme", Plan.FREE, MAY.plusSeconds(20)))
                .isInstanceOf(BuildMinutesExhaustedException.class)
                .hasMessage("account acme has used all 50 Build Minutes of plan 'free' for 2026-05 (used 50.00 min):"
                        + " builds are stopped until 2026-06-01T00:00:00Z (upgrade to a plan with overage to keep building)");
    }

    @Test
    void billingPeriodsAreCalendarMonthsInUtc() {
        assertThat(BillingPeriod.of(Instant.parse("2026-05-31T23:59:59Z")).toString()).isEqualTo("2026-05");
        assertThat(BillingPeriod.of(Instant.parse("2026-06-01T00:00:00Z")).toString()).isEqualTo("2026-06");
        assertThat(BillingPeriod.of(MAY).end()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    }
}
