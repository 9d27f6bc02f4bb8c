package io.maestro.cli;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.validate.DefinitionValidator;

/**
 * Loads and validates an application's files for a command, collecting every problem.
 *
 * @param definition the loaded definition; meaningful only when the report is valid
 * @param report everything found
 */
record DefinitionCheck(AppDefinition definition, DiagnosticReport report) {

    /**
     * Checks the files for one environment, or, when {@code environment} is null, for the
     * manifest's common settings and then every environment the manifest names: a file that
     * {@code validate} accepts can be rendered for any of them.
     */
    static DefinitionCheck run(DefinitionFiles files, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition definition = DefinitionLoader.create()
                .loadCollecting(files.service(), files.manifest(), environment, diagnostics);
        if (environment == null && !diagnostics.hasErrors()) {
            for (String name : definition.manifest().environmentNames()) {
                // Same diagnostics collector: findings shared by several environments appear once.
                DefinitionValidator.validate(definition, name, diagnostics);
            }
        }
        return new DefinitionCheck(definition, DiagnosticReport.of(diagnostics));
    }

    boolean valid() {
        return report.valid();
    }

    int serviceCount() {
        return definition.services().services().size();
    }
}
