package io.maestro.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every online command shares (a picocli mixin): {@code --profile NAME} and
 * {@code --output text|json}.
 */
public final class ApiOptions {

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Use this saved profile (default: MAESTRO_SERVER/MAESTRO_TOKEN, else the default profile).")
    String profile;

    @Mixin
    OutputOption output;

    public String profile() {
        return profile;
    }

    public boolean json() {
        return output.json();
    }
}
