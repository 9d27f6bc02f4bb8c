package io.maestro.buildgrid.minutes;

import io.maestro.buildgrid.BuildException;

/** A build was refused before it started: the account's hard-stop plan has no Build Minutes left this period. */
public class BuildMinutesExhaustedException extends BuildException {

    private final transient PeriodUsage usage;

    public BuildMinutesExhaustedException(PeriodUsage usage) {
        super("account " + usage.account() + " has used all " + usage.plan().includedMinutes()
                + " Build Minutes of plan '" + usage.plan().name() + "' for " + usage.period()
                + " (used " + usage.usedMinutes() + " min): builds are stopped until "
                + usage.period().end() + " (upgrade to a plan with overage to keep building)");
        this.usage = usage;
    }

    public PeriodUsage usage() {
        return usage;
    }
}
