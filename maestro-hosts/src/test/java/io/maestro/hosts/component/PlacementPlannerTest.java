package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreConfiguration;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.Manifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.DatabaseKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {

    private static final String SERVICE_YML = """
            services:
              web:
                image: acme/web:1
            databases:
              - postgresql
              - mysql
              - redis
              - memcached
            """;

    private static AppDefinition load(String manifest) {
        return DefinitionLoader.create().load(Source.text("service.yml", SERVICE_YML),
                Optional.ofNullable(manifest).map(m -> Source.text("manifest.yml", m)), "production");
    }

    @Test
    void aSilentManifestPlacesEveryDatabaseOfServiceYmlOnTheDefaultServerWithDefaultPorts() {
        PlacementPlanner.PlacementPlan plan = PlacementPlanner.plan(load(null), "production");
        assertThat(plan.components()).extracting(c -> c.kind().key() + "/" + c.group() + ":" + c.port())
                .containsExactly("postgresql/default:5432", "mysql/default:3306", "redis/default:6379", "memcached/default:11211");
        assertThat(plan.components()).allSatisfy(c -> {
            assertThat(c.placement()).isInstanceOf(Placement.DefaultServer.class);
            assertThat(c.primary()).isTrue();
            assertThat(c.explicitGroups()).isFalse();
        });
        assertThat(plan.withoutDriver()).isEmpty();
    }

    @Test
    void readsDedicatedServersSameAsChainsExternalStoresAndGroups() {
        AppDefinition app = load("""
                production:
                  docker:
                    servers:
                      - server:
                          unique_name: app-1
                          address: 10.0.0.5
                  postgresql:
                    servers:
                      - server:
                          unique_name: db-1
                          address: 10.0.0.6
                  mysql:
                    groups:
                      main:
                        servers:
                          - server:
                              same_as: db-1
                      reporting:
                        servers:
                          - server:
                              external: true
                              address: 10.9.9.9
                              port: 3307
                  redis:
                    servers:
                      - server:
                          same_as: app-1
                """);
        PlacementPlanner.PlacementPlan plan = PlacementPlanner.plan(app, "production");

        assertThat(plan.components()).hasSize(5);
        PlannedComponent postgres = plan.components().get(0);
        assertThat(postgres.port()).isEqualTo(5432);
        assertThat(postgres.placement()).isInstanceOfSatisfying(Placement.Dedicated.class, d -> {
            assertThat(d.server()).isEqualTo("db-1");
            assertThat(d.definition().address()).isEqualTo("10.0.0.6");
        });
        PlannedComponent main = plan.components().get(1);
        assertThat(main.group()).isEqualTo("main");
        assertThat(main.primary()).isTrue();
        assertThat(main.explicitGroups()).isTrue();
        assertThat(main.placement()).isInstanceOfSatisfying(Placement.CoLocated.class,
                c -> assertThat(c.server()).isEqualTo("db-1"));
        PlannedComponent reporting = plan.components().get(2);
        assertThat(reporting.primary()).isFalse();
        assertThat(reporting.port()).isEqualTo(3307);
        assertThat(reporting.placement()).isEqualTo(new Placement.External(Optional.of("10.9.9.9"), 3307));
        assertThat(reporting.placement().managed()).isFalse();
        assertThat(plan.components().get(3).placement()).isInstanceOfSatisfying(Placement.CoLocated.class,
                c -> assertThat(c.via()).containsExactly("app-1"));
        assertThat(plan.components().get(4).placement()).isInstanceOf(Placement.DefaultServer.class);
    }

    @Test
    void followsAliasesAcrossComponentsAndRefusesCircles() {
        ServerRef.Server node = new ServerRef.Server("node", null, null, null, null, null, null, null, null,
                "10.0.0.7", null, null, List.of());
        DataStoreComponent redis = new DataStoreComponent(DatabaseKind.REDIS, DataStoreConfiguration.EMPTY,
                List.of(new ServerRef.SameAs("cache-host")), Map.of());
        DataStoreComponent memcached = new DataStoreComponent(DatabaseKind.MEMCACHED, DataStoreConfiguration.EMPTY,
                List.of(new ServerRef.SameAs("node", "cache-host")), Map.of());
        DataStoreComponent postgres = new DataStoreComponent(DatabaseKind.POSTGRESQL, DataStoreConfiguration.EMPTY,
                List.of(node), Map.of());
        AppDefinition app = withStores(load(null), postgres, redis, memcached);

        PlannedComponent redisPlan = PlacementPlanner.plan(app, "production").components().stream()
                .filter(c -> c.kind() == DatabaseKind.REDIS).findFirst().orElseThrow();
        assertThat(redisPlan.placement()).isEqualTo(new Placement.CoLocated("node", node, List.of("cache-host", "node")));

        DataStoreComponent loop = new DataStoreComponent(DatabaseKind.MEMCACHED, DataStoreConfiguration.EMPTY,
                List.of(new ServerRef.SameAs("cache-host", "cache-host")), Map.of());
        assertThatThrownBy(() -> PlacementPlanner.plan(withStores(load(null), redis, loop), "production"))
                .isInstanceOf(PlacementException.class)
                .hasMessageContaining("same_as goes in a circle: cache-host -> cache-host");
    }

    private static AppDefinition withStores(AppDefinition app, DataStoreComponent... stores) {
        Map<DatabaseKind, DataStoreComponent> byKind = new java.util.EnumMap<>(DatabaseKind.class);
        for (DataStoreComponent store : stores) {
            byKind.put(store.kind(), store);
        }
        EnvironmentManifest production = new EnvironmentManifest(null, byKind, null, Map.of(), List.of());
        return withManifest(app, new Manifest(EnvironmentManifest.EMPTY, Map.of("production", production)));
    }

    private static AppDefinition withManifest(AppDefinition app, Manifest manifest) {
        return new AppDefinition(app.services(), manifest, app.sources(), app.warnings());
    }
}
