package io.maestro.model.service;

/**
 * Memory in bytes, with the canonical Kubernetes spelling kept for rendering.
 *
 * @param bytes the amount in bytes
 * @param kubernetes the Kubernetes quantity, e.g. {@code 256Mi} or {@code 100M}
 */
public record MemoryQuantity(long bytes, String kubernetes) implements Comparable<MemoryQuantity> {

    /** The documented floor: 4M (V2) / 4m (V1). */
    public static final long MINIMUM_BYTES = 4_000_000L;

    @Override
    public int compareTo(MemoryQuantity other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return kubernetes;
    }
}
