package io.maestro.store.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Duration;

class EnvVarDaoIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void theCurrentValueIsTheLatestChange(TestDatabase db) {
        Store store = withApplication(db, "env-latest");
        store.envVars().set("env-latest", null, "LOG_LEVEL", "info", "alice");
        clock.advance(Duration.ofMinutes(1));
        store.envVars().set("env-latest", null, "LOG_LEVEL", "debug", "bob");

        EnvVarChange current = store.envVars().current("env-latest", null, "LOG_LEVEL").orElseThrow();

        assertThat(current.value()).isEqualTo("debug");
        assertThat(current.setBy()).isEqualTo("bob");
        assertThat(current.at()).isEqualTo(MutableClock.START.plusSeconds(60));
        assertThat(store.envVars().history("env-latest", null, "LOG_LEVEL"))
                .extracting(EnvVarChange::value).containsExactly("debug", "info");
    }

    @OnBothDatabases
    void applicationAndServiceVariablesAreSeparate(TestDatabase db) {
        Store store = withApplication(db, "env-scopes");
        store.envVars().set("env-scopes", null, "PORT", "80", "alice");
        store.envVars().set("env-scopes", "web", "PORT", "8080", "alice");
        store.envVars().set("env-scopes", "web", "WORKERS", "4", "alice");

        assertThat(store.envVars().current("env-scopes", null)).extracting(EnvVarChange::name, EnvVarChange::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PORT", "80"));
        assertThat(store.envVars().current("env-scopes", "web")).extracting(EnvVarChange::name, EnvVarChange::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PORT", "8080"),
                        org.assertj.core.groups.Tuple.tuple("WORKERS", "4"));
    }

    @OnBothDatabases
    void environmentScopedVariablesAreSeparateFromEveryEnvironmentOnes(TestDatabase db) {
        Store store = withApplication(db, "env-envs");
        store.envVars().set("env-envs", null, "LEVEL", "info", "alice");
        store.envVars().set("env-envs", null, "production", "LEVEL", "warn", "alice");
        store.envVars().set("env-envs", "web", "production", "LEVEL", "error", "alice");
        clock.advance(Duration.ofMinutes(1));
        store.envVars().set("env-envs", null, "production", "LEVEL", "debug", "bob");

        assertThat(store.envVars().current("env-envs", null, "LEVEL").orElseThrow().value()).isEqualTo("info");
        assertThat(store.envVars().current("env-envs", null, "production", "LEVEL").orElseThrow().value()).isEqualTo("debug");
        assertThat(store.envVars().currentIn("env-envs", "web", "production")).extracting(EnvVarChange::value)
                .containsExactly("error");
        assertThat(store.envVars().currentAll("env-envs"))
                .extracting(EnvVarChange::service, EnvVarChange::environment, EnvVarChange::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, null, "info"),
                        org.assertj.core.groups.Tuple.tuple(null, "production", "debug"),
                        org.assertj.core.groups.Tuple.tuple("web", "production", "error"));
        assertThat(store.envVars().history("env-envs", null, "production", "LEVEL")).extracting(EnvVarChange::value)
                .containsExactly("debug", "warn");
        assertThat(store.envVars().unset("env-envs", null, "production", "LEVEL", "bob")).isPresent();
        assertThat(store.envVars().current("env-envs", null, "LEVEL")).isPresent();
    }

    @OnBothDatabases
    void unsettingHidesTheVariableButKeepsItsHistory(TestDatabase db) {
        Store store = withApplication(db, "env-unset");
        store.envVars().set("env-unset", null, "FEATURE", "on", "alice");

        assertThat(store.envVars().unset("env-unset", null, "FEATURE", "bob")).map(EnvVarChange::unset).contains(true);
        assertThat(store.envVars().unset("env-unset", null, "FEATURE", "bob")).isEmpty();

        assertThat(store.envVars().current("env-unset", null, "FEATURE")).isEmpty();
        assertThat(store.envVars().current("env-unset", null)).isEmpty();
        assertThat(store.envVars().history("env-unset", null, "FEATURE"))
                .extracting(EnvVarChange::unset).containsExactly(true, false);
        store.envVars().set("env-unset", null, "FEATURE", "off", "carol");
        assertThat(store.envVars().current("env-unset", null, "FEATURE")).map(EnvVarChange::value).contains("off");
    }

    @OnBothDatabases
    void aSecretVariableRecordsOnlyTheSecretsName(TestDatabase db) {
        Store store = withApplication(db, "env-secret");

        EnvVarChange change = store.envVars().setSecret("env-secret", "web", "DB_PASSWORD", "DB_PASSWORD", "alice");

        assertThat(change.isSecret()).isTrue();
        assertThat(change.value()).isNull();
        assertThat(change.secretRef()).isEqualTo("DB_PASSWORD");
    }

    @OnBothDatabases
    void theSchemaRefusesAChangeWithBothAValueAndASecret(TestDatabase db) {
        withApplication(db, "env-check");

        assertThatThrownBy(() -> db.database().withHandle(h -> h.execute("INSERT INTO env_var_changes"
                + " (application_id, service, name, value, secret_ref, set_by, at, unset)"
                + " SELECT id, NULL, 'X', 'v', 'S', 'alice', created_at, FALSE FROM applications WHERE name = 'env-check'")))
                .isInstanceOf(StoreException.class);
    }

    @OnBothDatabases
    void refusesVariablesOfAMissingApplication(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).envVars().set("ghost", null, "X", "1", "alice"))
                .isInstanceOf(NotFoundException.class);
    }

    private Store withApplication(TestDatabase db, String name) {
        Store store = db.store(clock);
        store.applications().create(name);
        return store;
    }
}
