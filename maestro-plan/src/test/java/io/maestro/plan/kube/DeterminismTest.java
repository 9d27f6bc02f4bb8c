package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.service.Health;
import io.maestro.model.service.IntOrPercent;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.plan.fixtures.AppBuilder;
import io.maestro.plan.fixtures.EnvBuilder;
import io.maestro.plan.fixtures.ReferenceExamples;
import io.maestro.plan.fixtures.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rendering the same model twice gives identical bytes")
class DeterminismTest {

    private static final RenderOptions OPTIONS = new RenderOptions("shop", "production", false);

    @Test
    void theReferenceExamplesRenderToIdenticalBytesTwice() {
        for (var example : List.of(ReferenceExamples.exampleA(), ReferenceExamples.exampleB(), ReferenceExamples.exampleC())) {
            List<HasMetadata> first = KubernetesRenderer.render(example.definition(), example.variables(), OPTIONS);
            List<HasMetadata> second = KubernetesRenderer.render(example.definition(), example.variables(), OPTIONS);
            assertThat(first).isEqualTo(second);
            assertThat(KubeSerializer.toYaml(first)).isEqualTo(KubeSerializer.toYaml(second));
            assertThat(KubeSerializer.toJson(first)).isEqualTo(KubeSerializer.toJson(second));
        }
    }

    @Test
    void randomApplicationsRenderToIdenticalBytesTwiceAndPassTheChecks() {
        qt().withExamples(150).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 6),
                        integers().between(0, 31))
                .checkAssert((seeds, databases) -> {
                    AppDefinition app = randomApp(seeds, databases);
                    String first = KubeSerializer.toYaml(KubernetesRenderer.render(app, EnvBuilder.env().build(), OPTIONS));
                    String second = KubeSerializer.toYaml(KubernetesRenderer.render(app, EnvBuilder.env().build(), OPTIONS));
                    assertThat(first).isEqualTo(second).endsWith("\n").doesNotContain("null");
                });
    }

    /** An application whose every choice comes from the seeds, so a failure can be replayed. */
    private static AppDefinition randomApp(List<Integer> seeds, int databases) {
        AppBuilder app = AppBuilder.app();
        DatabaseKind[] kinds = {DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL, DatabaseKind.REDIS, DatabaseKind.MEMCACHED,
                DatabaseKind.RABBITMQ};
        for (int i = 0; i < kinds.length; i++) {
            if ((databases & (1 << i)) != 0) {
                app.databases(kinds[i]);
            }
        }
        for (int i = 0; i < seeds.size(); i++) {
            int seed = seeds.get(i);
            ServiceBuilder service = ServiceBuilder.service("svc" + i + "-" + Integer.toString(seed % 1000, 36))
                    .image("acme/app:" + (seed % 50));
            int portCount = seed % 4;
            for (int p = 0; p < portCount; p++) {
                int container = 1000 + p * 100 + seed % 97;
                switch ((seed >> p) % 4) {
                    case 0 -> service.internalPort(container);
                    case 1 -> service.port(container, 80, (seed & 2) == 0 ? 443 : null);
                    case 2 -> service.port(new PortMapping(container, null, null, 20000 + container, null, null));
                    default -> service.port(new PortMapping(container, null, null, null, 30000 + container, null));
                }
            }
            if ((seed & 8) != 0) {
                service.counts(1 + seed % 3, 1 + seed % 3 + seed % 5);
            }
            if ((seed & 16) != 0) {
                service.health(new Health.Defaults());
            }
            if ((seed & 32) != 0) {
                service.type(Service.ServiceType.DAEMON_SET);
            }
            if ((seed & 64) != 0) {
                // A DaemonSet either surges or takes pods down, never both (as the validator requires).
                service.rolling(IntOrPercent.percentage((seed & 32) != 0 ? 1 + seed % 99 : seed % 100),
                        IntOrPercent.count((seed & 32) != 0 ? 0 : 1));
            }
            if ((seed & 128) != 0) {
                service.trafficMatches("h" + i + ".example.com", "_");
            }
            if ((seed & 256) != 0) {
                service.servers(List.of("node-" + seed % 3), Map.of("zone", "z" + seed % 2));
            }
            app.service(service);
        }
        return app.build();
    }
}
