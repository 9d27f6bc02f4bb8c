package io.maestro.model.service;

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
