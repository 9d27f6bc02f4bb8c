package io.maestro.model.service;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU in millicores: {@code 250m} is 250, {@code 1} or {@code 1000m} is 1000, {@code 0.5} is 500.
 *
 * @param millicores thousandths of a CPU, at least 1
 */
public record CpuQuantity(long millicores) implements Comparable<CpuQuantity> {

    public CpuQuantity {
        if (millicores < 1) {
            throw new IllegalArgumentException("cpu must be at least 1m, got " + millicores + "m");
        }
    }

    private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(m?)");

    /**
     * Parses a Kubernetes CPU amount: a number of CPUs ({@code 2}, {@code 0.5}) or millicores with
     * the suffix {@code m} ({@code 250m}). Empty when the text is not such an amount, is below 1m,
     * or has a fraction of a millicore.
     */
    public static Optional<CpuQuantity> parse(String text) {
        Matcher m = CPU.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            BigDecimal amount = new BigDecimal(m.group(1));
            BigDecimal millis = m.group(2).isEmpty() ? amount.movePointRight(3) : amount;
            if (millis.signum() <= 0 || millis.stripTrailingZeros().scale() > 0
                    || millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return Optional.empty();
            }
            return Optional.of(new CpuQuantity(millis.longValueExact()));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** V1 CPU shares (1024 = one CPU) as the equivalent request. */
    public static CpuQuantity fromShares(int shares) {
        return new CpuQuantity(Math.max(1, Math.round(shares * 1000.0 / 1024.0)));
    }

    /** Canonical Kubernetes spelling: whole CPUs as integers, otherwise millicores. */
    public String toKubernetes() {
        return millicores % 1000 == 0 ? Long.toString(millicores / 1000) : millicores + "m";
    }

    @Override
    public int compareTo(CpuQuantity other) {
        return Long.compare(millicores, other.millicores);
    }

    @Override
    public String toString() {
        return toKubernetes();
    }
}
