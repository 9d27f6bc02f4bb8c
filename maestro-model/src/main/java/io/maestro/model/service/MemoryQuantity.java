package io.maestro.model.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory in bytes, with the canonical Kubernetes spelling kept for rendering.
 *
 * <pre>{@code
 * MemoryQuantity.parse("256Mi")   // 268435456 bytes, "256Mi"
 * MemoryQuantity.parse("100K")    // 100000 bytes, "100k" (Kubernetes spells kilo in lowercase)
 * MemoryQuantity.parseV1("512m")  // V1: 536870912 bytes, "512Mi"
 * }</pre>
 *
 * @param bytes the amount in bytes
 * @param kubernetes the Kubernetes quantity, e.g. {@code 256Mi} or {@code 100M}
 */
public record MemoryQuantity(long bytes, String kubernetes) implements Comparable<MemoryQuantity> {

    /** The documented floor: 4M (V2) / 4m (V1). */
    public static final long MINIMUM_BYTES = 4_000_000L;

    /** The units {@link #parse} accepts, in words for messages. */
    public static final String ACCEPTED_UNITS =
            "K, M, G, T (powers of 1000), Ki, Mi, Gi, Ti (powers of 1024), or plain bytes";

    /** The units {@link #parseV1} accepts, in words for messages. */
    public static final String ACCEPTED_V1_UNITS = "b, k, m, g (powers of 1024), or plain bytes";

    private static final Pattern V2 = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|K|k|M|G|T)?");
    private static final Pattern V1 = Pattern.compile("([0-9]+)([bkmgBKMG]?)");

    private static final Map<String, Long> V2_FACTORS = Map.of(
            "", 1L, "K", 1000L, "k", 1000L, "M", 1000_000L, "G", 1000_000_000L, "T", 1000_000_000_000L,
            "Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);

    /**
     * Parses a V2 (Kubernetes) amount: plain bytes, or a number with {@code K/M/G/T} (powers of
     * 1000; {@code k} too) or {@code Ki/Mi/Gi/Ti}. Empty when the text is none of these (notably
     * {@code 512m}, which Kubernetes would read as 0.512 bytes) or not a whole number of bytes.
     */
    public static Optional<MemoryQuantity> parse(String text) {
        String written = text.strip();
        Matcher m = V2.matcher(written);
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(V2_FACTORS.get(unit)));
        if (bytes.stripTrailingZeros().scale() > 0 && unit.isEmpty()) {
            return Optional.empty();
        }
        bytes = bytes.setScale(0, RoundingMode.CEILING);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        String kubernetes = m.group(1) + (unit.equals("K") ? "k" : unit);
        return Optional.of(new MemoryQuantity(bytes.longValueExact(), kubernetes));
    }

    /**
     * Parses a V1 amount ({@code constraints.resources.memory}): a whole number with {@code b},
     * {@code k}, {@code m} or {@code g}, all powers of 1024 as in docker; either case.
     */
    public static Optional<MemoryQuantity> parseV1(String text) {
        Matcher m = V1.matcher(text.strip());
        if (!m.matches() || m.group(1).length() > 12) {
            return Optional.empty();
        }
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> Optional.of(new MemoryQuantity(number, Long.toString(number)));
            case "k" -> Optional.of(new MemoryQuantity(number << 10, number + "Ki"));
            case "m" -> Optional.of(new MemoryQuantity(number << 20, number + "Mi"));
            case "g" -> Optional.of(new MemoryQuantity(number << 30, number + "Gi"));
            default -> Optional.empty();
        };
    }

    @Override
    public int compareTo(MemoryQuantity other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return kubernetes;
    }
}
