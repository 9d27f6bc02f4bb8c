package io.maestro.model.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bound {@code manifest.yml}. The environment level is optional: settings outside any
 * environment ({@link #common()}) apply to every environment, and an environment's own settings
 * replace them component by component.
 *
 * @param common settings that apply to every environment
 * @param environments per-environment settings by name (production, staging, ...), file order
 */
public record Manifest(EnvironmentManifest common, Map<String, EnvironmentManifest> environments) {

    public static final Manifest EMPTY = new Manifest(EnvironmentManifest.EMPTY, Map.of());

    public Manifest {
        Objects.requireNonNull(common, "common");
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    public Set<String> environmentNames() {
        return environments.keySet();
    }

    public boolean hasEnvironment(String name) {
        return environments.containsKey(name);
    }

    /** The effective settings of one environment: its own components over the common ones. */
    public EnvironmentManifest forEnvironment(String name) {
        return Optional.ofNullable(environments.get(name)).map(common::overlaidWith).orElse(common);
    }
}
