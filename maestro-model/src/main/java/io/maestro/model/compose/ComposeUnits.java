package io.maestro.model.compose;

import io.maestro.model.service.CpuQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's units turned into service.yml's: byte sizes ({@code 512m}, {@code 1gb}, {@code 1073741824})
 * into Kubernetes binary quantities ({@code 512Mi}, {@code 1Gi}), CPU counts ({@code 0.5}) into
 * millicores ({@code 500m}), and Go durations ({@code 1m30s}) into whole seconds.
 */
final class ComposeUnits {

    private static final Pattern BYTES = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CPUS = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};

    private ComposeUnits() {}

    /** Bytes from compose's size syntax (1024-based units b, k, m, g, t, optionally followed by b). */
    static Optional<Long> bytes(String text) {
        Matcher matcher = BYTES.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int power = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 0;
        };
        try {
            BigDecimal value = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
            return Optional.of(value.setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The Kubernetes spelling of a byte count: the largest binary unit that divides it exactly. */
    static String kubernetesMemory(long bytes) {
        int unit = 0;
        long value = bytes;
        while (value != 0 && value % 1024 == 0 && unit < BINARY_SUFFIXES.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + BINARY_SUFFIXES[unit];
    }

    /** CPUs ({@code 0.5}, {@code 2}) as a quantity; empty when malformed or below one millicore. */
    static Optional<CpuQuantity> cpus(String text) {
        String trimmed = text.strip();
        if (!CPUS.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            long millicores = new BigDecimal(trimmed).movePointRight(3).setScale(0, RoundingMode.CEILING)
                    .longValueExact();
            return millicores < 1 ? Optional.empty() : Optional.of(new CpuQuantity(millicores));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * Whole seconds, rounded up, from a Go duration ({@code 1m30s}, {@code 500ms}) or a bare number
     * of seconds. Empty when malformed.
     */
    static Optional<Long> seconds(String text) {
        String trimmed = text.strip();
        if (trimmed.matches("[0-9]{1,9}")) {
            return Optional.of(Long.parseLong(trimmed));
        }
        Matcher part = DURATION_PART.matcher(trimmed);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < trimmed.length()) {
            if (!part.find(at) || part.start() != at) {
                return Optional.empty();
            }
            BigDecimal amount = new BigDecimal(part.group(1).endsWith(".") ? part.group(1) + "0" : part.group(1));
            BigDecimal perSecond = switch (part.group(2)) {
                case "ns" -> new BigDecimal("0.000000001");
                case "us", "µs" -> new BigDecimal("0.000001");
                case "ms" -> new BigDecimal("0.001");
                case "s" -> BigDecimal.ONE;
                case "m" -> BigDecimal.valueOf(60);
                default -> BigDecimal.valueOf(3600);
            };
            total = total.add(amount.multiply(perSecond));
            at = part.end();
        }
        if (at == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(total.setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
