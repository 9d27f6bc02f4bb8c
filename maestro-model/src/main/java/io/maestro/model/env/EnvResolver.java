package io.maestro.model.env;

import io.maestro.model.AppDefinition;
import java.util.Map;

/** PLACEHOLDER: being written. Resolves env var references within one application. */
public final class EnvResolver {

    private EnvResolver() {}

    public static ResolvedEnvironment resolve(AppDefinition definition, String environment) {
        return new ResolvedEnvironment(Map.of(), Map.of(), Map.of());
    }
}
