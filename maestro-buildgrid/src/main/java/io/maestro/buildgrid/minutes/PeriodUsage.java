package io.maestro.buildgrid.minutes;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An account's Build Minutes in one billing period under one plan. Time is kept in seconds and
 * only turned into minutes and money here, so no rounding happens before the period's total.
 */
public record PeriodUsage(String account, BillingPeriod period, Plan plan, long usedSeconds, int builds) {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    /** Used time in minutes, exact to the second (two decimals, rounded up). */
    public BigDecimal usedMinutes() {
        return BigDecimal.valueOf(usedSeconds).divide(SIXTY, 2, RoundingMode.CEILING);
    }

    public long remainingSeconds() {
        return Math.max(0, plan.includedSeconds() - usedSeconds);
    }

    public long overageSeconds() {
        return Math.max(0, usedSeconds - plan.includedSeconds());
    }

    /** The overage before rounding: overage seconds × price per minute ÷ 60. */
    public BigDecimal exactOverageCost() {
        return BigDecimal.valueOf(overageSeconds()).multiply(plan.overagePerMinute()).divide(SIXTY, 10, RoundingMode.CEILING);
    }

    /** What the period's overage bills, rounded as the plan says (up to the dollar by default). */
    public BigDecimal overageCost() {
        return plan.rounding().apply(exactOverageCost());
    }

    /** True when the plan stops builds and the allowance is used up: no new build may start. */
    public boolean exhausted() {
        return plan.hardStop() && usedSeconds >= plan.includedSeconds();
    }
}
