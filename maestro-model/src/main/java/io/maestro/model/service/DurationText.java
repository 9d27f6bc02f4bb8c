package io.maestro.model.service;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * V1 durations such as {@code 30s}, {@code 1m}, {@code 1h} or {@code 1m30s} (the form of V1
 * {@code stop_grace}, {@code health.timeout} and {@code pre_stop_sequence} waits), in seconds.
 */
final class DurationText {

    private static final Pattern WHOLE = Pattern.compile("([0-9]{1,9}[hms])+");
    private static final Pattern PART = Pattern.compile("([0-9]{1,9})([hms])");

    private DurationText() {}

    /** Seconds, or empty when the text is not such a duration or exceeds an int. */
    static OptionalInt seconds(String text) {
        String written = text.strip();
        if (!WHOLE.matcher(written).matches()) {
            return OptionalInt.empty();
        }
        long total = 0;
        Matcher part = PART.matcher(written);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total += switch (part.group(2)) {
                case "h" -> amount * 3600;
                case "m" -> amount * 60;
                default -> amount;
            };
        }
        return total > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) total);
    }
}
