package io.maestro.model.service;

/**
 * An absolute count or a percentage, as in {@code max_surge: 25%} or {@code max_unavailable: 0}.
 *
 * @param value the number
 * @param percent true when written with a trailing {@code %}
 */
public record IntOrPercent(int value, boolean percent) {

    public IntOrPercent {
        if (value < 0 || (percent && value > 100)) {
            throw new IllegalArgumentException("out of range: " + value + (percent ? "%" : ""));
        }
    }

    public static IntOrPercent count(int value) {
        return new IntOrPercent(value, false);
    }

    public static IntOrPercent percentage(int value) {
        return new IntOrPercent(value, true);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
