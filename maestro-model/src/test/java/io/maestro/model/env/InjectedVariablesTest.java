package io.maestro.model.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.InjectedVariable.Field;
import io.maestro.model.env.ResolvedValue.InjectedVar;
import io.maestro.model.env.ResolvedValue.ProvisionedCredential;
import io.maestro.model.env.ResolvedValue.Text;
import io.maestro.model.fixtures.TestApps;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreConfiguration;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.service.DatabaseKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectedVariablesTest {

    private static DataStoreConfiguration port(int port) {
        return new DataStoreConfiguration(null, null, null, false, null, port, null, Map.of());
    }

    private static DataStoreComponent withGroups(DatabaseKind kind, String... names) {
        Map<String, DataStoreGroup> groups = new LinkedHashMap<>();
        for (String name : names) {
            groups.put(name, new DataStoreGroup(name, DataStoreConfiguration.EMPTY, List.of(), false));
        }
        return new DataStoreComponent(kind, DataStoreConfiguration.EMPTY, List.of(), groups);
    }

    @Test
    void injectsConnectionDetailsOfAServiceYmlDatabase() {
        AppDefinition app = TestApps.app().database(DatabaseKind.POSTGRESQL).build();

        InjectedVariables injected = InjectedVariables.of(app, null);

        assertThat(injected.list()).extracting(InjectedVariable::name).containsExactly(
                "POSTGRESQL_ADDRESS", "POSTGRESQL_PORT", "POSTGRESQL_USERNAME", "POSTGRESQL_PASSWORD",
                "POSTGRESQL_DATABASE", "POSTGRESQL_URL");
        Map<String, ResolvedValue> values = injected.values();
        assertThat(values.get("POSTGRESQL_ADDRESS")).isEqualTo(ResolvedValue.text("postgresql", false));
        assertThat(values.get("POSTGRESQL_PORT")).isEqualTo(ResolvedValue.text("5432", false));
        assertThat(values.get("POSTGRESQL_PASSWORD")).isEqualTo(new ResolvedValue(
                List.of(new ProvisionedCredential(DatabaseKind.POSTGRESQL, "default", Field.PASSWORD)), true));
        assertThat(values.get("POSTGRESQL_USERNAME").secret()).isFalse();
        assertThat(values.get("POSTGRESQL_URL")).isEqualTo(new ResolvedValue(List.of(
                new Text("postgresql://"), new InjectedVar("POSTGRESQL_USERNAME"), new Text(":"),
                new InjectedVar("POSTGRESQL_PASSWORD"), new Text("@postgresql:5432/"),
                new InjectedVar("POSTGRESQL_DATABASE")), true));
    }

    @Test
    void storesWithoutCredentialsGetAddressPortAndUrlOnly() {
        AppDefinition app = TestApps.app().database(DatabaseKind.REDIS).database(DatabaseKind.MEMCACHED).build();

        InjectedVariables injected = InjectedVariables.of(app, null);

        assertThat(injected.values()).containsOnlyKeys(
                "REDIS_ADDRESS", "REDIS_PORT", "REDIS_URL", "MEMCACHED_ADDRESS", "MEMCACHED_PORT");
        assertThat(injected.values().get("REDIS_URL")).isEqualTo(ResolvedValue.text("redis://redis:6379", false));
    }

    @Test
    void usesTheManifestComponentAndItsPort() {
        AppDefinition app = TestApps.app()
                .database(DatabaseKind.MYSQL)
                .dataStore("production", new DataStoreComponent(DatabaseKind.MYSQL, port(3307), List.of(), Map.of()))
                .build();

        assertThat(InjectedVariables.of(app, "production").values().get("MYSQL_PORT").plainText()).isEqualTo("3307");
        assertThat(InjectedVariables.of(app, "staging").values().get("MYSQL_PORT").plainText()).isEqualTo("3306");
    }

    @Test
    void injectsManifestOnlyDataStores() {
        AppDefinition app = TestApps.app()
                .dataStore(DataStoreComponent.defaults(DatabaseKind.RABBITMQ))
                .build();

        assertThat(InjectedVariables.of(app, null).values().get("RABBITMQ_URL").segments())
                .startsWith(new Text("amqp://"));
    }

    @Test
    void groupsGetScopedNamesAndThePrimaryAlsoTheRootNames() {
        AppDefinition app = TestApps.app()
                .dataStore(withGroups(DatabaseKind.MYSQL, "main", "reporting-eu"))
                .build();

        InjectedVariables injected = InjectedVariables.of(app, null);

        assertThat(injected.list()).extracting(InjectedVariable::name).containsExactly(
                "MYSQL_ADDRESS", "MYSQL_PORT", "MYSQL_USERNAME", "MYSQL_PASSWORD", "MYSQL_DATABASE", "MYSQL_URL",
                "MYSQL_MAIN_ADDRESS", "MYSQL_MAIN_PORT", "MYSQL_MAIN_USERNAME", "MYSQL_MAIN_PASSWORD",
                "MYSQL_MAIN_DATABASE", "MYSQL_MAIN_URL",
                "MYSQL_REPORTING_EU_ADDRESS", "MYSQL_REPORTING_EU_PORT", "MYSQL_REPORTING_EU_USERNAME",
                "MYSQL_REPORTING_EU_PASSWORD", "MYSQL_REPORTING_EU_DATABASE", "MYSQL_REPORTING_EU_URL");
        assertThat(injected.values().get("MYSQL_ADDRESS").plainText()).isEqualTo("mysql");
        assertThat(injected.values().get("MYSQL_MAIN_ADDRESS").plainText()).isEqualTo("mysql");
        assertThat(injected.values().get("MYSQL_REPORTING_EU_ADDRESS").plainText()).isEqualTo("mysql-reporting-eu");
        assertThat(injected.find("MYSQL_REPORTING_EU_PASSWORD")).contains(new InjectedVariable(
                "MYSQL_REPORTING_EU_PASSWORD", DatabaseKind.MYSQL, "reporting-eu", Field.PASSWORD, true));
        assertThat(injected.values().get("MYSQL_REPORTING_EU_URL").segments())
                .contains(new InjectedVar("MYSQL_REPORTING_EU_PASSWORD"), new Text("@mysql-reporting-eu:3306/"));
    }

    @Test
    void aGroupNamedDefaultIsThePrimary() {
        AppDefinition app = TestApps.app().dataStore(withGroups(DatabaseKind.POSTGRESQL, "analytics", "default")).build();

        InjectedVariables injected = InjectedVariables.of(app, null);

        assertThat(injected.values().get("POSTGRESQL_ADDRESS").plainText()).isEqualTo("postgresql");
        assertThat(injected.values().get("POSTGRESQL_ANALYTICS_ADDRESS").plainText()).isEqualTo("postgresql-analytics");
        assertThat(injected.isInjected("POSTGRESQL_DEFAULT_ADDRESS")).isTrue();
    }

    @Test
    void unsupportedStoresInjectNothingButAreRecognised() {
        AppDefinition app = TestApps.app().database(DatabaseKind.MONGODB).build();

        InjectedVariables injected = InjectedVariables.of(app, null);

        assertThat(injected.list()).isEmpty();
        assertThat(injected.unsupportedStoreFor("MONGODB_ADDRESS")).contains(DatabaseKind.MONGODB);
        assertThat(injected.unsupportedStoreFor("REDIS_ADDRESS")).isEmpty();
    }

    @Test
    void predefinedVariablesAreKnownNames() {
        InjectedVariables injected = InjectedVariables.of(TestApps.app().build(), null);

        assertThat(injected.knownNames()).contains("DOCKER_HOST_IP", "WEB_ADDRESS", "FAILOVER_STATUS");
        assertThat(InjectedVariables.isPredefined("SERVER_NAME")).isTrue();
    }
}
