package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.source.Diagnostics;

/**
 * Semantic checks over a bound definition (types are already right): runs the rule families of
 * service.yml, manifest.yml and env-var references, each reporting with file:line:col.
 */
public final class DefinitionValidator {

    private DefinitionValidator() {}

    public static void validate(AppDefinition definition, String environment, Diagnostics diagnostics) {
        ServiceRules.check(definition, diagnostics);
        ManifestRules.check(definition, environment, diagnostics);
        EnvReferenceRules.check(definition, environment, diagnostics);
        LoadBalancerRules.check(definition, environment, diagnostics);
    }
}
