package io.maestro.cli;

import io.maestro.model.DefinitionLoader.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files one command reads: the service definition ({@code -f}, default {@code service.yml})
 * and the manifest ({@code -m}, default {@code manifest.yml} next to the service file, if there is
 * one). Sources are named as the user typed them, so that diagnostics quote the same paths.
 *
 * @param service the service.yml to read
 * @param manifest the manifest.yml to read, if any
 * @param serviceDirectory the absolute directory holding the service file
 */
record DefinitionFiles(Source service, Optional<Source> manifest, Path serviceDirectory) {

    static final String DEFAULT_SERVICE_FILE = "service.yml";
    static final String DEFAULT_MANIFEST_FILE = "manifest.yml";

    /**
     * Finds the files. A directory given to {@code -f} means its {@code service.yml}.
     *
     * @throws UsageException when a named file does not exist (a usage error: exit 2)
     */
    static DefinitionFiles locate(CliContext context, String serviceArg, String manifestArg) {
        String serviceTyped = serviceArg == null ? DEFAULT_SERVICE_FILE : serviceArg;
        Path servicePath = context.resolve(serviceTyped);
        if (Files.isDirectory(servicePath)) {
            serviceTyped = Path.of(serviceTyped).resolve(DEFAULT_SERVICE_FILE).toString();
            servicePath = servicePath.resolve(DEFAULT_SERVICE_FILE);
        }
        if (!Files.isRegularFile(servicePath)) {
            throw new UsageException(serviceArg == null
                    ? "no service.yml in the current directory; name the service definition with -f FILE"
                    : serviceTyped + ": no such file");
        }
        Source service = new Source(serviceTyped, servicePath, null);

        Optional<Source> manifest;
        if (manifestArg != null) {
            Path manifestPath = context.resolve(manifestArg);
            if (!Files.isRegularFile(manifestPath)) {
                throw new UsageException(manifestArg + ": no such file");
            }
            manifest = Optional.of(new Source(manifestArg, manifestPath, null));
        } else {
            Path sibling = servicePath.resolveSibling(DEFAULT_MANIFEST_FILE);
            String siblingTyped = Path.of(serviceTyped).resolveSibling(DEFAULT_MANIFEST_FILE).toString();
            manifest = Files.isRegularFile(sibling)
                    ? Optional.of(new Source(siblingTyped, sibling, null))
                    : Optional.empty();
        }
        return new DefinitionFiles(service, manifest, servicePath.getParent());
    }
}
