package io.maestro.model.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.InvalidDefinitionException;
import io.maestro.model.yaml.YamlReader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

/**
 * Whatever text arrives, loading it only ever produces diagnostics: never an exception, and every
 * diagnostic is one line in the {@code FILE:LINE:COL: error|warning: MESSAGE} format that editors
 * and CI annotators parse.
 *
 * <p>The inputs are random strings and mutations of the reference examples. While the binders are
 * still placeholders this mostly exercises the YAML reader; the same properties cover the binders
 * and validators as soon as they exist, with no change here.
 */
class DefinitionLoaderFuzzTest {

    /** Exactly one line; the file part has no colon because the names used here have none. */
    private static final Pattern ONE_LINE = Pattern.compile("^[^:]+:\\d+:\\d+: (error|warning): .+$");

    /** Characters YAML and Maestro give meaning to, weighted so random text often looks like YAML. */
    private static final Gen<String> YAMLISH_TEXT = in -> {
        String alphabet = "abcxyz019_-:: [] {}, &*!|>'\"#%@?\n\n  \t.\\$()<>=/";
        int length = (int) in.next(Constraint.between(0, 300));
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt((int) in.next(Constraint.between(0, alphabet.length() - 1))));
        }
        return text.toString();
    };

    private static final Gen<String> ENVIRONMENTS = Generate.pick(Arrays.asList(null, "production", "staging"));

    private final DefinitionLoader loader = DefinitionLoader.create();

    private static void assertOneLineEach(Diagnostics diagnostics) {
        List<Diagnostic> all = diagnostics.sorted();
        assertThat(all.size()).isLessThanOrEqualTo(Diagnostics.MAX_REPORTED);
        for (Diagnostic diagnostic : all) {
            assertThat(diagnostic.format()).as("diagnostic %s", visible(diagnostic.format())).matches(ONE_LINE);
        }
    }

    private void loadServiceYml(String serviceYml, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        loader.loadCollecting(Source.text("service.yml", serviceYml), Optional.empty(), environment, diagnostics);
        assertOneLineEach(diagnostics);
    }

    @Test
    void randomUnicodeTextOnlyYieldsOneLineDiagnostics() {
        qt().withExamples(600).forAll(strings().allPossible().ofLengthBetween(0, 200))
                .checkAssert(text -> loadServiceYml(text, null));
    }

    @Test
    void randomYamlLikeTextOnlyYieldsOneLineDiagnostics() {
        qt().withExamples(1_000).forAll(YAMLISH_TEXT).checkAssert(text -> loadServiceYml(text, null));
    }

    @Test
    void mutatedServiceYmlOnlyYieldsOneLineDiagnostics() {
        qt().withExamples(2_000).forAll(YamlMutations.mutate(Seeds.SERVICE_YML, 6), ENVIRONMENTS)
                .checkAssert(this::loadServiceYml);
    }

    @Test
    void mutatedManifestOnlyYieldsOneLineDiagnostics() {
        Gen<String> serviceYml = Generate.pick(Seeds.SERVICE_YML);
        qt().withExamples(1_200)
                .forAll(serviceYml, YamlMutations.mutate(Seeds.MANIFEST_YML, 6), ENVIRONMENTS)
                .checkAssert((service, manifest, environment) -> {
                    Diagnostics diagnostics = new Diagnostics();
                    loader.loadCollecting(Source.text("service.yml", service),
                            Optional.of(Source.text("manifest.yml", manifest)), environment, diagnostics);
                    assertOneLineEach(diagnostics);
                });
    }

    @Test
    void loadThrowsNothingButInvalidDefinitionExceptionAndOnlyWhenThereAreErrors() {
        qt().withExamples(800).forAll(YamlMutations.mutate(Seeds.SERVICE_YML, 4)).checkAssert(text -> {
            Diagnostics collected = new Diagnostics();
            loader.loadCollecting(Source.text("service.yml", text), Optional.empty(), null, collected);
            try {
                loader.load(Source.text("service.yml", text), Optional.empty(), null);
                assertThat(collected.hasErrors()).as("load succeeded although loadCollecting found errors").isFalse();
            } catch (InvalidDefinitionException e) {
                assertThat(e.diagnostics()).isEqualTo(collected.sorted());
                assertThat(e.getMessage()).matches(Pattern.compile("^[^:]+:\\d+:\\d+: error: .+$"));
            }
        });
    }

    @Test
    void theSeedsThemselvesAreValidYaml() {
        // If a seed stopped parsing, the mutation tests would silently fuzz a broken file.
        for (String seed : concat(Seeds.SERVICE_YML, Seeds.MANIFEST_YML)) {
            Diagnostics diagnostics = new Diagnostics();
            assertThat(YamlReader.withDefaults().read("seed.yml", seed, diagnostics)).isPresent();
            assertThat(diagnostics.sorted()).isEmpty();
        }
    }

    /** Non-ASCII and control characters as Java escapes, so that a failure report shows them. */
    static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
