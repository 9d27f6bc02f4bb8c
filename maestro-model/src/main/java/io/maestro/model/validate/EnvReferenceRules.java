package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.source.Diagnostics;

/** PLACEHOLDER: being written. */
public final class EnvReferenceRules {

    private EnvReferenceRules() {}

    public static void check(AppDefinition definition, String environment, Diagnostics diagnostics) {
        // placeholder
    }
}
