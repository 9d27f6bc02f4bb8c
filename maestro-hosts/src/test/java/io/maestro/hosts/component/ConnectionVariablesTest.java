package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.env.InjectedVariable;
import io.maestro.model.env.InjectedVariables;
import io.maestro.model.service.DatabaseKind;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionVariablesTest {

    private static final Connection POSTGRES = new Connection("10.0.0.5", 5433, Optional.of("shop"),
            Optional.of(Secret.of("s3cret")), Optional.of("shop_production"));

    @Test
    void mapsAPostgresqlConnectionToTheDocumentedRootNames() {
        assertThat(ConnectionVariables.root(DatabaseKind.POSTGRESQL, POSTGRES)).containsExactly(
                Map.entry("POSTGRESQL_ADDRESS", "10.0.0.5"),
                Map.entry("POSTGRESQL_PORT", "5433"),
                Map.entry("POSTGRESQL_USERNAME", "shop"),
                Map.entry("POSTGRESQL_PASSWORD", "s3cret"),
                Map.entry("POSTGRESQL_DATABASE", "shop_production"),
                Map.entry("POSTGRESQL_URL", "postgresql://shop:s3cret@10.0.0.5:5433/shop_production"));
    }

    @Test
    void mapsMysqlLikePostgresqlWithItsOwnPrefixAndScheme() {
        Map<String, String> env = ConnectionVariables.root(DatabaseKind.MYSQL, POSTGRES);
        assertThat(env).containsKeys("MYSQL_ADDRESS", "MYSQL_PORT", "MYSQL_USERNAME", "MYSQL_PASSWORD", "MYSQL_DATABASE");
        assertThat(env.get("MYSQL_URL")).isEqualTo("mysql://shop:s3cret@10.0.0.5:5433/shop_production");
    }

    @Test
    void redisAndMemcachedHaveNoCredentialsUnlessRedisWasGivenAPassword() {
        assertThat(ConnectionVariables.root(DatabaseKind.REDIS, Connection.open("127.0.0.1", 6380))).containsExactly(
                Map.entry("REDIS_ADDRESS", "127.0.0.1"), Map.entry("REDIS_PORT", "6380"),
                Map.entry("REDIS_URL", "redis://127.0.0.1:6380"));
        assertThat(ConnectionVariables.root(DatabaseKind.MEMCACHED, Connection.open("127.0.0.1", 11212))).containsExactly(
                Map.entry("MEMCACHED_ADDRESS", "127.0.0.1"), Map.entry("MEMCACHED_PORT", "11212"));
        Connection withPassword = new Connection("::1", 6380, Optional.empty(), Optional.of(Secret.of("p w")), Optional.empty());
        assertThat(ConnectionVariables.root(DatabaseKind.REDIS, withPassword))
                .containsEntry("REDIS_PASSWORD", "p w")
                .containsEntry("REDIS_URL", "redis://:p+w@[::1]:6380");
    }

    @Test
    void groupsGetScopedNamesAndThePrimaryOfNamedGroupsGetsBoth() {
        assertThat(ConnectionVariables.forGroup(DatabaseKind.MYSQL, "reporting-eu", false, true, POSTGRES))
                .containsKeys("MYSQL_REPORTING_EU_ADDRESS", "MYSQL_REPORTING_EU_PASSWORD")
                .doesNotContainKey("MYSQL_ADDRESS");
        assertThat(ConnectionVariables.forGroup(DatabaseKind.MYSQL, "main", true, true, POSTGRES))
                .containsKeys("MYSQL_ADDRESS", "MYSQL_MAIN_ADDRESS", "MYSQL_MAIN_URL");
        assertThat(ConnectionVariables.forGroup(DatabaseKind.MYSQL, "default", true, false, POSTGRES))
                .containsOnlyKeys(ConnectionVariables.root(DatabaseKind.MYSQL, POSTGRES).keySet());
    }

    @Test
    void namesTheSameVariablesTheModelInjects() {
        AppDefinition app = DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", """
                services:
                  web:
                    image: acme/web:1
                databases:
                  - postgresql
                  - mysql
                  - redis
                  - memcached
                """), Optional.empty(), null);
        Set<String> injected = new LinkedHashSet<>();
        InjectedVariables.of(app, null).list().stream().map(InjectedVariable::name).forEach(injected::add);
        Set<String> ours = new LinkedHashSet<>();
        for (DatabaseKind kind : Set.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL, DatabaseKind.REDIS, DatabaseKind.MEMCACHED)) {
            Connection connection = kind.hasCredentials() ? POSTGRES : Connection.open("127.0.0.1", kind.defaultPort());
            ours.addAll(ConnectionVariables.root(kind, connection).keySet());
        }
        assertThat(ours).containsExactlyInAnyOrderElementsOf(injected);
    }

    @Test
    void passwordsAndUrlsAreSecrets() {
        assertThat(ConnectionVariables.isSecret("POSTGRESQL_PASSWORD")).isTrue();
        assertThat(ConnectionVariables.isSecret("MYSQL_REPORTING_URL")).isTrue();
        assertThat(ConnectionVariables.isSecret("REDIS_ADDRESS")).isFalse();
    }
}
