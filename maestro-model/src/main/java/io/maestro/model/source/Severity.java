package io.maestro.model.source;

/** How serious a {@link Diagnostic} is: errors make a definition invalid, warnings do not. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed in {@code FILE:LINE:COL: error: MESSAGE}. */
    public String label() {
        return label;
    }
}
