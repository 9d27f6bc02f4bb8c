package io.maestro.model.validate;

import static io.maestro.model.fixtures.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.fixtures.TestApps;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvReferenceRulesTest {

    private static List<String> check(AppDefinition app, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        EnvReferenceRules.check(app, environment, diagnostics);
        return diagnostics.sorted().stream().map(Diagnostic::format).toList();
    }

    @Test
    void acceptsWellFormedReferences() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.POSTGRESQL)
                .appVar("SESSION_SECRET", "AUTO_GENERATE_32")
                .service(service("api").env("PORT", "3000"))
                .service(service("web")
                        .env("DATABASE_HOST", "_env(POSTGRESQL_ADDRESS)")
                        .env("API", "http://api:_env(SERVICE[api].PORT)")
                        .env("SESSION", "{{SESSION_SECRET}}")
                        .env("REDIS", "_env(REDIS_ADDRESS:localhost)")
                        .env("HOST_IP", "_env(DOCKER_HOST_IP)"))
                .build();

        assertThat(check(app, null)).isEmpty();
    }

    @Test
    void reportsUnknownServicesWithDidYouMean() {
        AppDefinition app = TestApps.app()
                .service(service("api").env("PORT", "3000"))
                .service(service("web").env("API_PORT", "_env(SERVICE[apii].PORT)"))
                .at("services.web.env_vars.API_PORT", "service.yml", 9, 7)
                .build();

        assertThat(check(app, null)).containsExactly(
                "service.yml:9:7: error: services.web.env_vars.API_PORT: unknown service 'apii' in "
                        + "'_env(SERVICE[apii].PORT)'; expected one of api, web (did you mean 'api'?)");
    }

    @Test
    void reportsUndefinedVariablesWithAHint() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.POSTGRESQL)
                .service(service("web")
                        .env("A", "_env(POSTGRESQL_ADRESS)")
                        .env("B", "_env(NOTHING_LIKE_IT)")
                        .env("C", "{{NOTHING_LIKE_IT}}")
                        .env("OWN", "x")
                        .env("D", "_env(OWN)"))
                .service(service("api").env("E", "_env(SERVICE[web].OWNN)"))
                .at("services.web.env_vars.A", "service.yml", 5, 10)
                .at("services.web.env_vars.B", "service.yml", 6, 10)
                .at("services.web.env_vars.C", "service.yml", 7, 10)
                .at("services.web.env_vars.D", "service.yml", 9, 10)
                .at("services.api.env_vars.E", "service.yml", 12, 10)
                .build();

        assertThat(check(app, null)).containsExactly(
                "service.yml:5:10: error: services.web.env_vars.A: undefined variable 'POSTGRESQL_ADRESS' in "
                        + "'_env(POSTGRESQL_ADRESS)'; expected an application variable, an injected variable or a default "
                        + "(did you mean 'POSTGRESQL_ADDRESS'?)",
                "service.yml:6:10: error: services.web.env_vars.B: undefined variable 'NOTHING_LIKE_IT' in "
                        + "'_env(NOTHING_LIKE_IT)'; expected an application variable, an injected variable or a default "
                        + "(define it under environment_variables in manifest.yml or give a default: _env(NOTHING_LIKE_IT:default))",
                "service.yml:7:10: error: services.web.env_vars.C: undefined variable 'NOTHING_LIKE_IT' in "
                        + "'{{NOTHING_LIKE_IT}}'; expected an application variable, an injected variable or a default "
                        + "(define it under environment_variables in manifest.yml)",
                "service.yml:9:10: error: services.web.env_vars.D: undefined variable 'OWN' in '_env(OWN)'; expected an "
                        + "application variable, an injected variable or a default "
                        + "('OWN' is a variable of service web: write _env(SERVICE[web].OWN))",
                "service.yml:12:10: error: services.api.env_vars.E: undefined variable 'OWNN' in "
                        + "'_env(SERVICE[web].OWNN)'; expected a variable of service 'web' (did you mean 'OWN'?)");
    }

    @Test
    void aVariableThatPassesItselfThroughIsToldToDefineTheApplicationVariableNotToReferToItself() {
        AppDefinition app = TestApps.app()
                .service(service("web").env("DB_PASSWORD", "_env(DB_PASSWORD)"))
                .at("services.web.env_vars.DB_PASSWORD", "service.yml", 5, 7)
                .build();

        assertThat(check(app, null)).containsExactly(
                "service.yml:5:7: error: services.web.env_vars.DB_PASSWORD: undefined variable 'DB_PASSWORD' in "
                        + "'_env(DB_PASSWORD)'; expected an application variable, an injected variable or a default "
                        + "(define it under environment_variables in manifest.yml or give a default: "
                        + "_env(DB_PASSWORD:default))");
    }

    @Test
    void reportsACycleOnceNamingItWhole() {
        AppDefinition app = TestApps.app()
                .appVar("A", "_env(B)")
                .appVar("B", "_env(A)")
                .service(service("web").env("X", "_env(A)"))
                .at("manifest:environment_variables.A", "manifest.yml", 3, 6)
                .at("manifest:environment_variables.B", "manifest.yml", 4, 6)
                .build();

        assertThat(check(app, null)).containsExactly(
                "manifest.yml:3:6: error: environment_variables.A: reference cycle A -> B -> A; expected references "
                        + "that end at a value (replace one of the references with a value)");
    }

    @Test
    void findsEnvironmentSpecificManifestVariables() {
        AppDefinition app = TestApps.app()
                .appVar("production", "P", "_env(MISSING)")
                .at("manifest:production.environment_variables.P", "manifest.yml", 8, 8)
                .at("services", "service.yml", 1, 1)
                .build();

        assertThat(check(app, "production")).singleElement().asString()
                .startsWith("manifest.yml:8:8: error: production.environment_variables.P: undefined variable 'MISSING'");
    }

    @Test
    void fallsBackToTheManifestNotServiceYmlWhenAPositionIsMissing() {
        AppDefinition app = TestApps.app()
                .appVar("P", "_env(MISSING)")
                .at("manifest:docker", "manifest.yml", 2, 1)
                .build();

        assertThat(check(app, null)).singleElement().asString()
                .startsWith("manifest.yml:1:1: error: environment_variables.P: undefined variable 'MISSING'");
    }

    @Test
    void warnsThatControlPlaneReferencesAreUnresolvedOffline() {
        AppDefinition app = TestApps.app()
                .service(service("web")
                        .env("OTHER", "_env(STACK[abc].TOKEN)")
                        .env("STORE", "_configstore(0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f.KEY)"))
                .at("services.web.env_vars.OTHER", "service.yml", 4, 5)
                .at("services.web.env_vars.STORE", "service.yml", 5, 5)
                .build();

        List<String> messages = check(app, null);

        assertThat(messages).containsExactly(
                "service.yml:4:5: warning: services.web.env_vars.OTHER: '_env(STACK[abc].TOKEN)' is unresolved offline; "
                        + "resolved by the control plane",
                "service.yml:5:5: warning: services.web.env_vars.STORE: '_configstore(0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f.KEY)' "
                        + "is unresolved offline; resolved by the control plane from ConfigStore");
    }

    @Test
    void warnsAboutVariablesOfUnsupportedStoresInsteadOfFailing() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.MONGODB)
                .service(service("web").env("MONGO", "_env(MONGODB_ADDRESS)"))
                .build();

        Diagnostics diagnostics = new Diagnostics();
        EnvReferenceRules.check(app, null, diagnostics);

        assertThat(diagnostics.hasErrors()).isFalse();
        assertThat(diagnostics.warnings()).singleElement().extracting(Diagnostic::fullMessage).asString()
                .contains("'_env(MONGODB_ADDRESS)' is not injected: mongodb is not supported yet");
    }

    @Test
    void reportsChainsTooDeep() {
        TestApps.Builder builder = TestApps.app();
        for (int i = 0; i < 100; i++) {
            builder.appVar("V" + i, "_env(V" + (i + 1) + ")");
        }
        builder.appVar("V100", "end");

        assertThat(check(builder.build(), null)).singleElement().asString()
                .contains("environment_variables.V0: references nested more than 64 levels deep (V0 -> V1 -> V2 -> V3 -> ...)");
    }
}
