package io.maestro.model.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code docker.configuration.l4_service_type}: the type of the Services exposing tcp/udp ports. */
class L4ServiceTypeTest {

    private static final String SERVICE_YML = "services:\n  game:\n    image: acme/game:7\n    ports: [{container: 7777, udp: 30777}]\n";

    @Test
    void nodePortOrLoadBalancerIsKeptForTheRenderer() {
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition app = DefinitionLoader.create().loadCollecting(Source.text("service.yml", SERVICE_YML),
                Optional.of(Source.text("manifest.yml", "docker:\n  configuration:\n    l4_service_type: NodePort\n")),
                null, diagnostics);
        assertThat(diagnostics.errors()).isEmpty();
        assertThat(app.manifest().common().docker().configuration().other()).containsEntry("l4_service_type", "NodePort");
    }

    @Test
    void anotherTypeIsRefusedWithTheChoices() {
        Diagnostics diagnostics = new Diagnostics();
        DefinitionLoader.create().loadCollecting(Source.text("service.yml", SERVICE_YML),
                Optional.of(Source.text("manifest.yml", "docker:\n  configuration:\n    l4_service_type: ClusterIP\n")),
                null, diagnostics);
        assertThat(diagnostics.errors()).extracting(Diagnostic::format).singleElement().asString()
                .startsWith("manifest.yml:3:22: error: docker.configuration.l4_service_type: expected one of LoadBalancer, NodePort, got 'ClusterIP'");
    }
}
