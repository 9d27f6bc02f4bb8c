package io.maestro.model.manifest;

import static io.maestro.model.manifest.ManifestFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Mutated manifests (lines dropped, duplicated, re-indented, spliced with fragments of other
 * manifests) only ever yield diagnostics: never an exception, and every diagnostic points into a file.
 */
class ManifestMutationPropertyTest {

    private static final List<String> SEEDS = List.of(
            resource("/examples/reference/manifest-m1.yml"),
            resource("/examples/reference/manifest-m2.yml"),
            """
            docker:
              configuration: {dedicated_master: true, ingress_class: public}
              servers:
                - server: {unique_name: a, address: 10.0.0.1, ssh: {user: root, key: /k}, role: master, tags: [x=y]}
                - server: {unique_name: b, same_as: a}
            staging:
              memcached: {configuration: {memory: 64, port: 11211, listen_ip: 0.0.0.0}}
              load_balancer: {configuration: {engine: haproxy, errorfile_503: /e.http, balance: source}}
              postgresql: {servers: [{server: {external: true, address: db, port: 5432}}]}
            """);

    private static final List<String> FRAGMENTS = List.of("servers:", "- server: external", "- server: {same_as: a}",
            "groups:", "  default: {}", "configuration:", "production:", "environment_variables:", "  KEY: _env(",
            "role: worker", "  - server:", "unique_name: a", "memory: -1", "- [", "{", "&x a", "*x", "<<: *x", "? a",
            "external: maybe", "port: 0", "errorfile_:", "nginx: {cors: {origin: x}}", "mongodb: {}", "rails: {}", "");

    @Test
    void mutatedManifestsOnlyEverYieldDiagnostics() {
        qt().withExamples(400).forAll(
                        integers().between(0, SEEDS.size() - 1),
                        lists().of(integers().between(0, Integer.MAX_VALUE - 1)).ofSizeBetween(1, 8))
                .checkAssert((seed, edits) -> {
                    String manifest = mutate(SEEDS.get(seed), edits);
                    Diagnostics diagnostics = new Diagnostics();
                    DefinitionLoader.create().loadCollecting(Source.text("service.yml", ManifestFixture.SERVICE_YML),
                            Optional.of(Source.text("manifest.yml", manifest)), "production", diagnostics);
                    for (Diagnostic diagnostic : diagnostics.sorted()) {
                        assertThat(diagnostic.position().file()).isIn("manifest.yml", "service.yml");
                        assertThat(diagnostic.format()).doesNotContain("\n");
                    }
                });
    }

    /** Each number picks an edit and where to apply it. */
    private static String mutate(String text, List<Integer> edits) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        for (int edit : edits) {
            int at = (edit / 5) % Math.max(1, lines.size());
            switch (edit % 5) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(at));
                case 2 -> lines.set(at, "  " + lines.get(at));
                case 3 -> lines.set(at, lines.get(at).replaceFirst("^ {1,2}", ""));
                default -> lines.add(at, " ".repeat((edit / 7) % 4 * 2) + FRAGMENTS.get((edit / 11) % FRAGMENTS.size()));
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\n", lines);
    }
}
