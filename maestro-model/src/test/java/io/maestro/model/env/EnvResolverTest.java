package io.maestro.model.env;

import static io.maestro.model.fixtures.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedValue.Generated;
import io.maestro.model.env.ResolvedValue.InjectedVar;
import io.maestro.model.env.ResolvedValue.Text;
import io.maestro.model.env.ResolvedValue.Unresolved;
import io.maestro.model.fixtures.TestApps;
import io.maestro.model.service.DatabaseKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

    private static ResolvedValue webVar(AppDefinition app, String name) {
        return EnvResolver.resolve(app, null).service("web").get(name);
    }

    @Test
    void keepsLiteralValuesAsText() {
        AppDefinition app = TestApps.app().service(service("web").env("RAILS_ENV", "production")).build();

        assertThat(webVar(app, "RAILS_ENV")).isEqualTo(ResolvedValue.text("production", false));
    }

    @Test
    void copiesApplicationVariablesIntoServiceVariables() {
        AppDefinition app = TestApps.app()
                .appVar("API_HOST", "api.example.com")
                .service(service("web").env("API_URL", "https://_env(API_HOST)/v1"))
                .build();

        assertThat(webVar(app, "API_URL").segments()).containsExactly(new Text("https://api.example.com/v1"));
    }

    @Test
    void usesTheEnvironmentsOwnVariablesOverTheCommonOnes() {
        AppDefinition app = TestApps.app()
                .appVar("LEVEL", "common")
                .appVar("staging", "LEVEL", "staging")
                .service(service("web").env("L", "_env(LEVEL)"))
                .build();

        assertThat(EnvResolver.resolve(app, "staging").service("web").get("L").plainText()).isEqualTo("staging");
        assertThat(EnvResolver.resolve(app, "production").service("web").get("L").plainText()).isEqualTo("common");
        assertThat(EnvResolver.resolve(app, "staging").application()).containsOnlyKeys("LEVEL");
    }

    @Test
    void keepsInjectedDataStoreVariablesSymbolic() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.POSTGRESQL)
                .database(DatabaseKind.REDIS)
                .service(service("web")
                        .env("DATABASE_HOST", "_env(POSTGRESQL_ADDRESS)")
                        .env("REDIS_URL", "redis://_env(REDIS_ADDRESS:localhost):6379"))
                .build();

        assertThat(webVar(app, "DATABASE_HOST")).isEqualTo(
                new ResolvedValue(List.of(new InjectedVar("POSTGRESQL_ADDRESS")), false));
        assertThat(webVar(app, "REDIS_URL").segments()).containsExactly(
                new Text("redis://"), new InjectedVar("REDIS_ADDRESS"), new Text(":6379"));
    }

    @Test
    void usesTheDefaultWhenTheVariableIsUndefined() {
        AppDefinition app = TestApps.app()
                .service(service("web").env("REDIS_URL", "redis://_env(REDIS_ADDRESS:localhost):6379"))
                .build();

        EnvResolver.Resolution resolution = EnvResolver.analyse(app, null);

        assertThat(resolution.environment().service("web").get("REDIS_URL"))
                .isEqualTo(ResolvedValue.text("redis://localhost:6379", false));
        assertThat(resolution.problems()).isEmpty();
    }

    @Test
    void aValueCopyingASecretIsSecret() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.POSTGRESQL)
                .service(service("web").env("DB_CONNECTION", "_env(POSTGRESQL_PASSWORD)").env("DB_USER", "_env(POSTGRESQL_USERNAME)"))
                .build();

        assertThat(webVar(app, "DB_CONNECTION").secret()).isTrue();
        assertThat(webVar(app, "DB_USER").secret()).isFalse();
    }

    @Test
    void keepsPredefinedVariablesSymbolic() {
        AppDefinition app = TestApps.app().service(service("web").env("HOST_IP", "_env(DOCKER_HOST_IP)")).build();

        assertThat(webVar(app, "HOST_IP")).isEqualTo(new ResolvedValue(List.of(new InjectedVar("DOCKER_HOST_IP")), false));
    }

    @Test
    void anApplicationVariableOverridesAnInjectedOneOfTheSameName() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.POSTGRESQL)
                .appVar("POSTGRESQL_ADDRESS", "db.internal")
                .service(service("web").env("H", "_env(POSTGRESQL_ADDRESS)"))
                .build();

        assertThat(webVar(app, "H").plainText()).isEqualTo("db.internal");
    }

    @Test
    void resolvesServiceReferencesAgainstThatServicesVariables() {
        AppDefinition app = TestApps.app()
                .service(service("api").env("PORT", "3000"))
                .service(service("web")
                        .env("API", "http://api:_env(SERVICE[api].PORT)")
                        .env("OWN", "x")
                        .env("COPY", "_env(SERVICE[web].OWN)y")
                        .env("MISSING", "_env(SERVICE[api].NOPE:fallback)"))
                .build();

        ResolvedEnvironment env = EnvResolver.resolve(app, null);

        assertThat(env.service("web").get("API").plainText()).isEqualTo("http://api:3000");
        assertThat(env.service("web").get("COPY").plainText()).isEqualTo("xy");
        assertThat(env.service("web").get("MISSING").plainText()).isEqualTo("fallback");
    }

    @Test
    void plainEnvReferencesDoNotSeeTheServicesOwnVariables() {
        AppDefinition app = TestApps.app()
                .appVar("DATABASE_URL", "postgres://shared")
                .service(service("web").env("A", "1").env("B", "_env(A)").env("DATABASE_URL", "_env(DATABASE_URL)"))
                .build();

        EnvResolver.Resolution resolution = EnvResolver.analyse(app, null);

        assertThat(resolution.problems()).containsExactly(new ReferenceProblem.UndefinedVariable(
                VariableId.ofService("web", "B"), new EnvPart.AppVar("A", null, "_env(A)"), "A"));
        assertThat(resolution.environment().service("web").get("DATABASE_URL").plainText())
                .as("a service variable may copy the application variable of the same name without a cycle")
                .isEqualTo("postgres://shared");
    }

    @Test
    void generatesOneValuePerOwnerAndSharesItWithReferences() {
        AppDefinition app = TestApps.app()
                .appVar("SESSION_SECRET", "AUTO_GENERATE_32")
                .service(service("web")
                        .env("SECRET_KEY_BASE", "AUTO_GENERATE_64")
                        .env("SESSION", "_env(SESSION_SECRET)")
                        .env("PAIR", "AUTO_GENERATE-AUTO_GENERATE_5"))
                .build();

        ResolvedEnvironment env = EnvResolver.resolve(app, null);

        assertThat(env.application().get("SESSION_SECRET"))
                .isEqualTo(new ResolvedValue(List.of(new Generated("SESSION_SECRET", 32)), true));
        assertThat(env.service("web").get("SECRET_KEY_BASE").segments()).containsExactly(new Generated("web.SECRET_KEY_BASE", 64));
        assertThat(env.service("web").get("SESSION"))
                .as("a name that is not secret still holds a secret when it copies a generated value")
                .isEqualTo(new ResolvedValue(List.of(new Generated("SESSION_SECRET", 32)), true));
        assertThat(env.service("web").get("PAIR").segments()).containsExactly(
                new Generated("web.PAIR", 10), new Text("-"), new Generated("web.PAIR#2", 5));
    }

    @Test
    void marksSecretsByName() {
        AppDefinition app = TestApps.app().service(service("web").env("API_TOKEN", "abc").env("MONKEY", "abc")).build();

        assertThat(webVar(app, "API_TOKEN").secret()).isTrue();
        assertThat(webVar(app, "MONKEY").secret()).isFalse();
    }

    @Test
    void leavesCrossApplicationAndConfigStoreReferencesToTheControlPlane() {
        AppDefinition app = TestApps.app()
                .service(service("web")
                        .env("OTHER", "_env(STACK[abc123].SERVICE[api].URL)")
                        .env("FROM_STORE", "_configstore(shared.DB_URL)"))
                .build();

        EnvResolver.Resolution resolution = EnvResolver.analyse(app, null);
        ResolvedEnvironment env = resolution.environment();

        assertThat(env.service("web").get("OTHER")).isEqualTo(new ResolvedValue(List.of(new Unresolved(
                "_env(STACK[abc123].SERVICE[api].URL)", "resolved by the control plane (another application)")), true));
        assertThat(env.service("web").get("FROM_STORE").segments()).containsExactly(
                new Unresolved("_configstore(shared.DB_URL)", "resolved by the control plane (ConfigStore)"));
        assertThat(resolution.problems()).hasSize(2).allMatch(ReferenceProblem.ResolvedLater.class::isInstance);
    }

    @Test
    void passesContainerReferencesThrough() {
        AppDefinition app = TestApps.app().service(service("web").env("PATH_EXT", "$(HOME)/bin")).build();

        assertThat(webVar(app, "PATH_EXT")).isEqualTo(ResolvedValue.text("$(HOME)/bin", false));
    }

    @Test
    void reportsEachCycleOnceStartingAtTheFirstVariable() {
        AppDefinition app = TestApps.app()
                .appVar("A", "_env(B)")
                .appVar("B", "x_env(C)_env(C)")
                .appVar("C", "_env(A)")
                .appVar("SELF", "_env(SELF)")
                .service(service("web").env("USES_A", "_env(A)"))
                .build();

        EnvResolver.Resolution resolution = EnvResolver.analyse(app, null);

        assertThat(resolution.problems()).containsExactly(
                new ReferenceProblem.Cycle(List.of(VariableId.application("A"), VariableId.application("B"),
                        VariableId.application("C"), VariableId.application("A"))),
                new ReferenceProblem.Cycle(List.of(VariableId.application("SELF"), VariableId.application("SELF"))));
        assertThat(((ReferenceProblem.Cycle) resolution.problems().get(0)).describe()).isEqualTo("A -> B -> C -> A");
        assertThat(resolution.environment().service("web").get("USES_A").isPlainText()).isFalse();
    }

    @Test
    void detectsCyclesAcrossServices() {
        AppDefinition app = TestApps.app()
                .service(service("api").env("Y", "_env(SERVICE[web].X)"))
                .service(service("web").env("X", "_env(SERVICE[api].Y)"))
                .build();

        List<ReferenceProblem> problems = EnvResolver.analyse(app, null).problems();

        assertThat(problems).hasSize(1);
        assertThat(((ReferenceProblem.Cycle) problems.get(0)).describe()).isEqualTo("api.Y -> web.X -> api.Y");
    }

    @Test
    void reportsUnknownServicesAndUndefinedVariables() {
        AppDefinition app = TestApps.app()
                .service(service("api").env("PORT", "3000"))
                .service(service("web")
                        .env("A", "_env(SERVICE[apii].PORT)")
                        .env("B", "_env(SERVICE[api].HOST)")
                        .env("C", "{{NOWHERE}}"))
                .build();

        List<ReferenceProblem> problems = EnvResolver.analyse(app, null).problems();

        assertThat(problems).extracting(p -> p.getClass().getSimpleName() + " " + p.owner())
                .containsExactly("UnknownService web.A", "UndefinedVariable web.B", "UndefinedVariable web.C");
    }

    @Test
    void cutsChainsDeeperThanTheLimitWithoutOverflowingTheStack() {
        TestApps.Builder builder = TestApps.app();
        int length = 10_000;
        for (int i = 0; i < length; i++) {
            builder.appVar("V" + i, "_env(V" + (i + 1) + ")");
        }
        builder.appVar("V" + length, "end");

        List<ReferenceProblem> problems = EnvResolver.analyse(builder.build(), null).problems();

        assertThat(problems).hasSize(1).first().isInstanceOfSatisfying(ReferenceProblem.TooDeep.class,
                deep -> assertThat(deep.chain()).hasSize(EnvResolver.MAX_DEPTH).first().isEqualTo(VariableId.application("V0")));
    }

    @Test
    void boundsValuesThatDoubleAtEveryLevel() {
        TestApps.Builder builder = TestApps.app();
        for (int i = 0; i < 60; i++) {
            builder.appVar("L" + i, "_env(L" + (i + 1) + ")_env(L" + (i + 1) + ")");
        }
        builder.appVar("L60", "0123456789");

        EnvResolver.Resolution resolution = EnvResolver.analyse(builder.build(), null);

        assertThat(resolution.problems()).isNotEmpty().allMatch(ReferenceProblem.TooLarge.class::isInstance);
        assertThat(resolution.environment().application().values())
                .allSatisfy(v -> assertThat(v.plainText().length()).isLessThanOrEqualTo(EnvResolver.MAX_VALUE_SIZE));
    }

    @Test
    void boundsTheTotalExpansion() {
        TestApps.Builder builder = TestApps.app().appVar("BIG", "x".repeat(100_000));
        for (int i = 0; i < 200; i++) {
            builder.appVar("COPY" + i, "_env(BIG)");
        }

        List<ReferenceProblem> problems = EnvResolver.analyse(builder.build(), null).problems();

        assertThat(problems).containsExactly(new ReferenceProblem.TooLarge(
                VariableId.application("COPY" + (EnvResolver.MAX_TOTAL_SIZE / 100_000 - 1)), true));
    }
}
