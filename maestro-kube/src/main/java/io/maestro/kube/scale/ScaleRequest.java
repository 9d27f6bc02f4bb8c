package io.maestro.kube.scale;

import io.maestro.model.MaestroException;

/**
 * A replica count to scale to: absolute ({@code 3}) or relative to the current count
 * ({@code +2}, {@code -1}), as {@code maestro services scale APP SERVICE N|+N|-N} takes it.
 *
 * @param relative true for {@code +N} / {@code -N}
 * @param value the count, or the change when relative
 */
public record ScaleRequest(boolean relative, int value) {

    public ScaleRequest {
        if (!relative && value < 0) {
            throw new IllegalArgumentException("an absolute replica count must not be negative, got " + value);
        }
    }

    /** Scale to {@code replicas}. */
    public static ScaleRequest to(int replicas) {
        return new ScaleRequest(false, replicas);
    }

    /** Scale by {@code delta} (negative to scale down). */
    public static ScaleRequest by(int delta) {
        return new ScaleRequest(true, delta);
    }

    /**
     * Reads {@code N}, {@code +N} or {@code -N}.
     *
     * @throws MaestroException when the text is none of these
     */
    public static ScaleRequest parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!trimmed.matches("[+-]?\\d{1,6}")) {
            throw new MaestroException("expected a replica count N, +N or -N, got '" + trimmed + "'");
        }
        int number = Integer.parseInt(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
        return trimmed.startsWith("+") || trimmed.startsWith("-") ? by(number) : to(number);
    }

    /** The count this request asks for when {@code current} replicas are wanted now. */
    public int resolve(int current) {
        return relative ? current + value : value;
    }

    @Override
    public String toString() {
        return relative ? (value >= 0 ? "+" + value : String.valueOf(value)) : String.valueOf(value);
    }
}
