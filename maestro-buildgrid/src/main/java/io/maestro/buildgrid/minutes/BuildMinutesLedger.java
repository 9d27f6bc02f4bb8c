package io.maestro.buildgrid.minutes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Build Minutes ledger of every account: entries are only added, totals are computed per
 * billing period (calendar month, UTC). Thread-safe. This one lives in memory; the state store
 * will persist the same entries.
 */
public final class BuildMinutesLedger {

    private final List<MeteredBuild> entries = new ArrayList<>();

    public synchronized void record(MeteredBuild entry) {
        entries.add(entry);
    }

    /** The account's entries that finished in the period, oldest first as recorded. */
    public synchronized List<MeteredBuild> entries(String account, BillingPeriod period) {
        return entries.stream()
                .filter(entry -> entry.account().equals(account) && period.contains(entry.finishedAt()))
                .toList();
    }

    public PeriodUsage usage(String account, Plan plan, BillingPeriod period) {
        List<MeteredBuild> inPeriod = entries(account, period);
        long seconds = 0;
        for (MeteredBuild entry : inPeriod) {
            seconds = Math.addExact(seconds, entry.meteredSeconds());
        }
        return new PeriodUsage(account, period, plan, seconds, inPeriod.size());
    }

    /**
     * Checks that the account may start a build now.
     *
     * @throws BuildMinutesExhaustedException when its hard-stop plan's allowance for this period is used up
     */
    public PeriodUsage requireAllowance(String account, Plan plan, Instant now) {
        PeriodUsage usage = usage(account, plan, BillingPeriod.of(now));
        if (usage.exhausted()) {
            throw new BuildMinutesExhaustedException(usage);
        }
        return usage;
    }
}
