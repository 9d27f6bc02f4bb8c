package io.maestro.model.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.keys.KeyLookup;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.service.DatabaseKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key table is complete enough to drive the binder, `maestro explain` and the docs. */
class ManifestKeysTest {

    @Test
    void everyKeyHasATypeAndDocumentation() {
        List<String> undocumented = new ArrayList<>();
        walk(ManifestKeys.ROOT, "", (path, spec) -> {
            if (spec.summary().isBlank() || spec.type().isBlank()) {
                undocumented.add(path);
            }
        });
        walk(ManifestKeys.ENVIRONMENT, "*", (path, spec) -> {
            if (spec.summary().isBlank()) {
                undocumented.add(path);
            }
        });
        assertThat(undocumented).isEmpty();
    }

    @Test
    void everyDataStoreKindIsAComponentWithTheMatchingStatus() {
        for (DatabaseKind kind : DatabaseKind.values()) {
            KeySpec component = ManifestKeys.ENVIRONMENT.child(kind.key()).orElseThrow();
            assertThat(component.status())
                    .as(kind.key())
                    .isEqualTo(kind.supported() ? KeySpec.Status.SUPPORTED : KeySpec.Status.NOT_SUPPORTED_YET);
        }
    }

    @Test
    void theExtensionsAreMarkedAsMaestroKeys() {
        List<String> extensions = List.of("docker.servers.server.ssh", "docker.servers.server.role",
                "docker.servers.server.tags", "postgresql.servers.server.external", "postgresql.servers.server.port",
                "docker.configuration.dedicated_master", "docker.configuration.ingress_class", "docker.configuration.l4_service_type",
                "load_balancer.configuration.engine");
        for (String path : extensions) {
            assertThat(KeyLookup.byPath(ManifestKeys.ROOT, path)).as(path).get()
                    .extracting(found -> found.spec().since()).isEqualTo(KeySpec.Since.MAESTRO);
        }
    }

    @Test
    void otherProductsAreRejectedAndNamedAsSuch() {
        for (String name : Arrays.asList("rails", "sinatra", "gateway", "nginx")) {
            KeySpec spec = ManifestKeys.ROOT.child(name).orElseThrow();
            assertThat(spec.status()).isEqualTo(KeySpec.Status.REJECTED);
            assertThat(spec.summary()).contains("not Maestro");
        }
    }

    @Test
    void anyOtherTopLevelNameIsAnEnvironment() {
        assertThat(ManifestKeys.ROOT.child("production")).get().extracting(KeySpec::name).isEqualTo("*");
        assertThat(ManifestKeys.ENVIRONMENT.hasWildcard()).isFalse();
    }

    private interface Visitor {
        void visit(String path, KeySpec spec);
    }

    private static void walk(KeySpec spec, String path, Visitor visitor) {
        visitor.visit(path, spec);
        for (KeySpec child : spec.children()) {
            walk(child, path.isEmpty() ? child.name() : path + "." + child.name(), visitor);
        }
    }
}
