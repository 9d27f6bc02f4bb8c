package io.maestro.cli;

import picocli.CommandLine.Option;

/** The {@code --output text|json} option every command shares (a picocli mixin). */
public final class OutputOption {

    @Option(names = "--output", paramLabel = "text|json", converter = OutputFormat.Converter.class,
            description = "Print for people (text, the default) or programs (json).")
    OutputFormat format = OutputFormat.TEXT;

    public boolean json() {
        return format == OutputFormat.JSON;
    }
}
