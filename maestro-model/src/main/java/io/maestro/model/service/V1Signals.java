package io.maestro.model.service;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The V1 lifecycle signal syntax: {@code pre_start_signal: USR1} and
 * {@code pre_stop_sequence: 1m:USR2:30s:USR1:50s} (waits and signals, alternating).
 */
final class V1Signals {

    /** The signals the V1 docs allow (reference §1.2). */
    static final List<String> NAMES = List.of(
            "ABRT", "ALRM", "BUS", "CHLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE",
            "PROF", "QUIT", "SEGV", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
            "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

    private V1Signals() {}

    /** The signal's name without a {@code SIG} prefix, or empty when it is not an allowed signal. */
    static Optional<String> signal(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        return NAMES.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Checks a stop sequence. Returns the problem in words ("'USR9' is not a signal"), or empty
     * when the sequence is well formed: non-empty steps separated by {@code :}, waits and signals
     * alternating.
     */
    static Optional<String> sequenceProblem(String text) {
        String[] steps = text.strip().split(":", -1);
        Boolean lastWasWait = null;
        for (String step : steps) {
            if (step.isBlank()) {
                return Optional.of("has an empty step");
            }
            boolean wait = DurationText.seconds(step).isPresent();
            if (!wait && signal(step).isEmpty()) {
                return Optional.of("'" + step + "' is neither a wait (such as 30s, 1m) nor a signal (such as USR1)");
            }
            if (lastWasWait != null && lastWasWait == wait) {
                return Optional.of("has two " + (wait ? "waits" : "signals") + " in a row at '" + step
                        + "'; waits and signals must alternate");
            }
            lastWasWait = wait;
        }
        return Optional.empty();
    }
}
