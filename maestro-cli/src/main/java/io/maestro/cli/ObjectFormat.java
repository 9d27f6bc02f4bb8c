package io.maestro.cli;

/** How rendered Kubernetes objects are written: {@code render --format yaml|json}. */
public enum ObjectFormat {
    YAML("yaml"),
    JSON("json");

    private final String word;

    ObjectFormat(String word) {
        this.word = word;
    }

    /** The option word, also the file extension. */
    public String word() {
        return word;
    }

    /** Parses {@code --format yaml|json}. */
    public static final class Converter extends WordConverter<ObjectFormat> {
        public Converter() {
            super(ObjectFormat.class, ObjectFormat::word);
        }
    }
}
