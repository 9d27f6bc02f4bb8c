package io.maestro.buildgrid.image;

import io.maestro.buildgrid.LogListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides the values of secret variables in what a build prints: buildah echoes every Dockerfile
 * instruction after substitution ({@code STEP 3/4: ENV TOKEN=...}), and a failed build's message
 * quotes its output. Every occurrence of a secret's value becomes {@link #MASK}, longest values
 * first so a secret that contains another is hidden whole.
 */
public final class SecretMask {

    public static final String MASK = "*****";

    private final List<String> values;

    private SecretMask(List<String> values) {
        this.values = values;
    }

    /** The mask of the values of {@code env} whose names are in {@code secretNames}. */
    public static SecretMask of(Map<String, String> env, Set<String> secretNames) {
        return new SecretMask(secretNames.stream().map(env::get).filter(value -> value != null && !value.isEmpty())
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** {@code text} with every secret value replaced by {@link #MASK}. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String value : values) {
            masked = masked.replace(value, MASK);
        }
        return masked;
    }

    /** A listener that passes each line on masked. */
    public LogListener wrap(LogListener log) {
        return values.isEmpty() ? log : line -> log.line(apply(line));
    }
}
