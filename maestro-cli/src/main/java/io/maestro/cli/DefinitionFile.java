package io.maestro.cli;

/** The two definition formats, as {@code maestro explain --format} names them. */
public enum DefinitionFile {
    SERVICE("service", "service.yml"),
    MANIFEST("manifest", "manifest.yml");

    private final String option;
    private final String fileName;

    DefinitionFile(String option, String fileName) {
        this.option = option;
        this.fileName = fileName;
    }

    /** The word on the command line: {@code service} or {@code manifest}. */
    public String option() {
        return option;
    }

    public String fileName() {
        return fileName;
    }

    /** Parses {@code --format service|manifest}. */
    public static final class Converter extends WordConverter<DefinitionFile> {
        public Converter() {
            super(DefinitionFile.class, DefinitionFile::option);
        }
    }
}
