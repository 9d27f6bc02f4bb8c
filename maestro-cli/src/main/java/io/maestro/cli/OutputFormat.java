package io.maestro.cli;

/** What a command prints for people ({@code text}) or programs ({@code json}). */
public enum OutputFormat {
    TEXT("text"),
    JSON("json");

    private final String word;

    OutputFormat(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** Parses {@code --output text|json}. */
    public static final class Converter extends WordConverter<OutputFormat> {
        public Converter() {
            super(OutputFormat.class, OutputFormat::word);
        }
    }
}
