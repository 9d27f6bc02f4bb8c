package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.source.Diagnostics;

/** PLACEHOLDER: being written. */
public final class ServiceRules {

    private ServiceRules() {}

    public static void check(AppDefinition definition, Diagnostics diagnostics) {
        // placeholder
    }
}
