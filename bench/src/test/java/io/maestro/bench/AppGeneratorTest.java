package io.maestro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.YamlLimits;
import io.maestro.model.yaml.YamlNode;
import io.maestro.model.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated benchmark application is what the benchmark claims: deterministic, realistic and
 * valid. (This tests the generator; no timing is measured or asserted here.)
 */
class AppGeneratorTest {

    private static final AppGenerator.App THOUSAND = AppGenerator.generate(1_000, PipelineBenchmark.SEED);

    @Test
    void theSameSeedGivesTheSameBytes() {
        assertThat(AppGenerator.generate(100, 7)).isEqualTo(AppGenerator.generate(100, 7));
        assertThat(AppGenerator.generate(100, 7).serviceYml()).isNotEqualTo(AppGenerator.generate(100, 8).serviceYml());
    }

    @Test
    void writesExactlyTheRequestedServicesUnderTheirNames() {
        Diagnostics diagnostics = new Diagnostics();
        YamlNode root = YamlReader.withDefaults().read("service.yml", THOUSAND.serviceYml(), diagnostics).orElseThrow();
        assertThat(diagnostics.sorted()).isEmpty();
        MappingNode services = (MappingNode) ((MappingNode) root).get("services").orElseThrow();
        assertThat(services.entries()).extracting(MappingNode.Entry::name).containsExactlyElementsOf(THOUSAND.serviceNames());
        assertThat(THOUSAND.services()).isEqualTo(1_000);
    }

    @Test
    void aThousandServicesFitTheDefaultFileSizeLimit() {
        int bytes = THOUSAND.serviceYml().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThan(YamlLimits.DEFAULT.maxBytes());
        // Realistic, not minimal: several hundred bytes per service.
        assertThat(bytes / 1_000).isBetween(300, 1_000);
    }

    @Test
    void usesAllThreePortFormsAndTheKeyFamiliesTheRendererCovers() {
        String yaml = THOUSAND.serviceYml();
        assertThat(yaml).contains("- \"8080:80:443\"", "ports: [9090]", "- container: ", "tcp: ", "udp: ", "https: 443");
        assertThat(yaml).contains("traffic_matches:", "health:", "constraints:", "resources:", "volumes:",
                "empty_dir:", "tags:", "type: daemon_set", "AUTO_GENERATE_32", "_env(POSTGRESQL_ADDRESS)",
                "_env(SERVICE[", "git_url:", "image:");
        assertThat(THOUSAND.manifestYml()).contains("postgresql:", "redis:", "production:");
    }

    @Test
    void serviceReferencesPointOnlyAtEarlierServices() {
        List<String> names = THOUSAND.serviceNames();
        Pattern serviceStart = Pattern.compile("^  ([a-z0-9-]+):$");
        Pattern reference = Pattern.compile("_env\\(SERVICE\\[([^\\]]+)]\\.PUBLIC_URL\\)");
        String owner = null;
        int found = 0;
        for (String line : THOUSAND.serviceYml().split("\n")) {
            Matcher start = serviceStart.matcher(line);
            if (start.matches()) {
                owner = start.group(1);
            }
            Matcher target = reference.matcher(line);
            if (target.find()) {
                found++;
                assertThat(names.indexOf(target.group(1))).as("%s refers to %s", owner, target.group(1))
                        .isBetween(0, names.indexOf(owner) - 1);
            }
        }
        assertThat(found).isGreaterThan(100);
    }

    @Test
    void externalTcpAndUdpPortsAreUnique() {
        Matcher port = Pattern.compile("(tcp|udp): (\\d+)").matcher(THOUSAND.serviceYml());
        List<String> seen = new ArrayList<>();
        while (port.find()) {
            seen.add(port.group());
        }
        assertThat(seen).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void loadsWithoutErrors() {
        // Trivial while the binders are placeholders; after they land this is the check that the
        // benchmark measures a valid application rather than an error path.
        for (int size : new int[] {10, 100}) {
            AppGenerator.App app = AppGenerator.generate(size, PipelineBenchmark.SEED);
            Diagnostics diagnostics = new Diagnostics();
            AppDefinition definition = DefinitionLoader.create().loadCollecting(Source.text("service.yml", app.serviceYml()),
                    Optional.of(Source.text("manifest.yml", app.manifestYml())), AppGenerator.ENVIRONMENT, diagnostics);
            assertThat(diagnostics.errors()).as("errors at %d services", size).isEmpty();
            assertThat(definition).isNotNull();
        }
    }
}
