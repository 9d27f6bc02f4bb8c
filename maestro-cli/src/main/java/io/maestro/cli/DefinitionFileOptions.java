package io.maestro.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -f service.yml} and {@code -m manifest.yml} options of the commands that read an
 * application's files (a picocli mixin), so they are spelled, documented and located one way.
 */
public final class DefinitionFileOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The service definition (default: service.yml; a directory means its service.yml).")
    private String serviceFile;

    @Option(names = {"-m", "--manifest"}, paramLabel = "FILE",
            description = "The manifest (default: manifest.yml next to the service file, if there is one).")
    private String manifestFile;

    /** The files these options name, with the defaults applied. */
    DefinitionFiles locate(CliContext context) {
        return DefinitionFiles.locate(context, serviceFile, manifestFile);
    }
}
