package io.maestro.model;

import io.maestro.model.manifest.Manifest;
import io.maestro.model.service.ServiceDefinition;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.SourceMap;
import java.util.List;
import java.util.Objects;

/**
 * A validated application definition: the bound {@code service.yml} and {@code manifest.yml},
 * where every value came from, and the warnings found on the way (errors never get this far).
 *
 * @param services the service definition
 * @param manifest the manifest ({@link Manifest#EMPTY} when there is none)
 * @param sources positions of every bound value, keyed by key path; service.yml paths start with
 *     {@code services.} or {@code databases}, manifest paths are prefixed with {@code manifest:}
 * @param warnings non-fatal diagnostics, in file order
 */
public record AppDefinition(ServiceDefinition services, Manifest manifest, SourceMap sources, List<Diagnostic> warnings) {

    /** Prefix that keeps manifest key paths apart from service.yml key paths in one source map. */
    public static final String MANIFEST_PATH_PREFIX = "manifest:";

    public AppDefinition {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(sources, "sources");
        warnings = List.copyOf(warnings);
    }
}
