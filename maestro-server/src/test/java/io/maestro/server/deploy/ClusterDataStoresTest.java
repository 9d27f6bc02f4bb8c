package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.maestro.hosts.component.Connection;
import io.maestro.hosts.component.PlacementPlanner;
import io.maestro.hosts.component.PlannedComponent;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.env.EnvResolver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterDataStoresTest {

    private static final String SERVICE_YML = """
            services:
              web:
                image: acme/web:1.0
            databases:
              - postgresql
              - redis
            """;

    private static final String MANIFEST_YML = """
            production:
              postgresql:
                servers:
                  - server:
                      unique_name: db1
              redis:
                servers:
                  - server:
                      unique_name: cache1
            """;

    @Test
    void theSliceGetsTheServersAddressAndPortAndTheSecretTheRealCredentials() {
        AppDefinition definition = load();
        DesiredState.Rendered rendered = DesiredState.render(definition, EnvResolver.resolve(definition, "production"),
                "shop", "production", Map.of(), Map.of());
        List<HostComponents.Placed> placed = List.of(
                placed(definition, "postgresql", new Connection("10.0.0.6", 5433, Optional.of("shop_production"),
                        Optional.of(io.maestro.hosts.component.Secret.of("s3cret")), Optional.of("shop_production"))),
                placed(definition, "redis", Connection.open("cache1.internal.example", 6379)));
        List<String> notes = new ArrayList<>();

        DesiredState.Rendered connected = ClusterDataStores.connect(rendered, placed, notes);

        EndpointSlice slice = (EndpointSlice) find(connected, "EndpointSlice", "postgresql");
        assertThat(slice.getEndpoints()).singleElement().satisfies(e -> assertThat(e.getAddresses()).containsExactly("10.0.0.6"));
        assertThat(slice.getPorts().get(0).getPort()).isEqualTo(5433);
        assertThat(slice.getMetadata().getAnnotations()).doesNotContainKey("maestro.io/endpoints");
        Service postgresql = (Service) find(connected, "Service", "postgresql");
        assertThat(postgresql.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(5433);
        Secret secret = (Secret) find(connected, "Secret", "datastore-postgresql");
        assertThat(secret.getStringData()).isNull();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");

        // A server known by host name: an ExternalName Service, no slice (kube-proxy ignores FQDN slices).
        Service redis = (Service) find(connected, "Service", "redis");
        assertThat(redis.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(redis.getSpec().getExternalName()).isEqualTo("cache1.internal.example");
        assertThat(connected.objects()).noneMatch(o -> o.getKind().equals("EndpointSlice") && o.getMetadata().getName().equals("redis"));
        assertThat(notes).containsExactly("postgresql -> 10.0.0.6:5433", "redis -> cache1.internal.example:6379");
    }

    private static HostComponents.Placed placed(AppDefinition definition, String kind, Connection connection) {
        PlannedComponent component = PlacementPlanner.plan(definition, "production").components().stream()
                .filter(c -> c.kind().key().equals(kind)).findFirst().orElseThrow();
        return new HostComponents.Placed(component, "db1", connection);
    }

    private static HasMetadata find(DesiredState.Rendered rendered, String kind, String name) {
        return rendered.objects().stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static AppDefinition load() {
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", SERVICE_YML),
                Optional.of(DefinitionLoader.Source.text("manifest.yml", MANIFEST_YML)), "production");
    }
}
