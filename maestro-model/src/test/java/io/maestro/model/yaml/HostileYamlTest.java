package io.maestro.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input written to hurt: each one must come back as exactly one clear error, with no exception, no
 * out-of-memory and no hang. The timeout is only a guard against a hang (generous on purpose, the
 * machines are shared); it is not a performance claim.
 */
class HostileYamlTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(120);
    private static final YamlLimits SMALL = new YamlLimits(256 * 1024, 16, 10_000, 100);

    /** Reads under the hang guard and insists on exactly one error and no tree. */
    private static Diagnostic onlyError(YamlLimits limits, String text) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlNode> root = assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withLimits(limits).read("service.yml", text, diagnostics));
        List<Diagnostic> all = diagnostics.sorted();
        assertThat(all).as("diagnostics").hasSize(1);
        assertThat(all.get(0).isError()).isTrue();
        assertThat(all.get(0).format()).as("one line").doesNotContain("\n").hasSizeLessThan(1_000);
        assertThat(root).as("no tree from a rejected file").isEmpty();
        return all.get(0);
    }

    static Stream<Arguments> limits() {
        return Stream.of(Arguments.of("default", YamlLimits.DEFAULT), Arguments.of("small", SMALL));
    }

    /** The classic: ten anchors, each a list of nine aliases to the previous one, ~10^9 leaves. */
    static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("lol0: &lol0 \"lol\"\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("lol").append(level).append(": &lol").append(level).append(" [");
            for (int alias = 0; alias < 9; alias++) {
                yaml.append(alias == 0 ? "" : ", ").append("*lol").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest(name = "{0} limits")
    @MethodSource("limits")
    void billionLaughsIsStoppedByTheNodeLimit(String name, YamlLimits limits) {
        Diagnostic error = onlyError(limits, billionLaughs());
        assertThat(error.message()).startsWith("the document expands to more than " + limits.maxNodes() + " nodes")
                .contains("billion laughs").endsWith("(see docs/validation.md#limits)");
    }

    @Test
    void billionLaughsIsStoppedEvenWithAliasesToSpare() {
        YamlLimits manyAliases = new YamlLimits(64 * 1024, 64, 100_000, 10_000);
        assertThat(onlyError(manyAliases, billionLaughs()).message()).contains("expands to more than 100000 nodes");
    }

    @Test
    void billionLaughsThroughMapsAndMergeKeysIsStoppedToo() {
        StringBuilder yaml = new StringBuilder("m0: &m0 {a: lol, b: lol}\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("m").append(level).append(": &m").append(level).append(" {");
            for (int key = 0; key < 9; key++) {
                yaml.append(key == 0 ? "" : ", ").append('k').append(key).append(": *m").append(level - 1);
            }
            yaml.append(", <<: [*m").append(level - 1).append(", *m").append(level - 1).append("]}\n");
        }
        assertThat(onlyError(YamlLimits.DEFAULT, yaml.toString()).message()).contains("expands to more than");
    }

    @ParameterizedTest(name = "{0} limits")
    @MethodSource("limits")
    void tenThousandAliasesAreStoppedByTheAliasLimit(String name, YamlLimits limits) {
        StringBuilder yaml = new StringBuilder("x: &x v\nl:\n");
        for (int i = 0; i < 10_000; i++) {
            yaml.append("  - *x\n");
        }
        Diagnostic error = onlyError(limits, yaml.toString());
        assertThat(error.message()).isEqualTo("more than " + limits.maxAliases()
                + " aliases in one file (see docs/validation.md#limits)");
        // The alias just past the limit: line 3 holds the first one.
        assertThat(error.position()).isEqualTo(new SourcePosition("service.yml", 3 + limits.maxAliases(), 5));
        assertThat(error.keyPath()).isEqualTo("l[" + limits.maxAliases() + "]");
    }

    @ParameterizedTest(name = "{0} limits")
    @MethodSource("limits")
    void aHundredThousandOpenBracketsAreStoppedAtTheDepthLimit(String name, YamlLimits limits) {
        Diagnostic error = onlyError(limits, "[".repeat(100_000));
        assertThat(error.message()).isEqualTo("nesting is deeper than " + limits.maxDepth()
                + " levels (see docs/validation.md#limits)");
        assertThat(error.position()).isEqualTo(new SourcePosition("service.yml", 1, limits.maxDepth() + 1));
    }

    @Test
    void aHundredThousandBalancedBracketsAreStoppedAtTheDepthLimit() {
        String yaml = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(onlyError(YamlLimits.DEFAULT, yaml).message()).startsWith("nesting is deeper than 64 levels");
    }

    @Test
    void deepFlowMapsAreStoppedAtTheDepthLimit() {
        String yaml = "{a: ".repeat(50_000) + "1" + "}".repeat(50_000);
        assertThat(onlyError(YamlLimits.DEFAULT, yaml).message()).startsWith("nesting is deeper than 64 levels");
    }

    @ParameterizedTest(name = "{0} limits")
    @MethodSource("limits")
    void deepBlockMapsAreStoppedAtTheDepthLimit(String name, YamlLimits limits) {
        // 1,000 levels, one more space of indentation each: about 500 KB, under the default size limit.
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level < 1_000 && yaml.length() < limits.maxBytes() - 2_000; level++) {
            yaml.append(" ".repeat(level)).append('k').append(level).append(":\n");
        }
        yaml.append(" ".repeat(1_000)).append("leaf\n");
        Diagnostic error = onlyError(limits, yaml.toString());
        assertThat(error.message()).startsWith("nesting is deeper than " + limits.maxDepth() + " levels");
        assertThat(error.keyPath()).startsWith("k0.k1.k2.");
    }

    @Test
    void deepBlockListsOnOneLineAreStoppedAtTheDepthLimit() {
        assertThat(onlyError(YamlLimits.DEFAULT, "- ".repeat(100_000) + "x\n").message())
                .startsWith("nesting is deeper than 64 levels");
    }

    @Test
    void aChainOfAnchorsThatNestsDeeperOnceExpandedIsStoppedAtTheDepthLimit() {
        // Each line is only 8 levels deep, but each wraps the previous anchor: 8 more levels per line.
        StringBuilder yaml = new StringBuilder("a0: &a0 x\n");
        for (int i = 1; i <= 50; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(' ')
                    .append("[".repeat(8)).append("*a").append(i - 1).append("]".repeat(8)).append('\n');
        }
        Diagnostic error = onlyError(YamlLimits.DEFAULT, yaml.toString());
        assertThat(error.message()).isEqualTo(
                "nesting is deeper than 64 levels once alias *a7 is expanded (see docs/validation.md#limits)");
    }

    @Test
    void aliasesThatStayWithinTheDepthLimitAreFine() {
        Diagnostics diagnostics = new Diagnostics();
        YamlReader.withDefaults().read("service.yml", "a: &a [[x]]\nb: [[*a]]\n", diagnostics);
        assertThat(diagnostics.sorted()).isEmpty();
    }

    @Test
    void aTwoMebibyteFileIsRejectedAtTheStartNamingTheLimit() {
        String yaml = "services:\n" + "  # padding padding padding padding padding padding padding padding\n".repeat(32 * 1024);
        assertThat(yaml.length()).isGreaterThan(2 * 1024 * 1024);
        Diagnostic error = onlyError(YamlLimits.DEFAULT, yaml);
        assertThat(error.position()).isEqualTo(SourcePosition.startOf("service.yml"));
        assertThat(error.message()).isEqualTo("the file is " + yaml.length()
                + " bytes; the limit is 1048576 bytes (see docs/validation.md#limits)");
    }

    @Test
    void aTwoMebibyteFileOnDiskIsRejectedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("service.yml");
        Files.write(file, "x".repeat(2 * 1024 * 1024).getBytes());
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlNode> root = assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withDefaults().readFile(file, "service.yml", diagnostics));
        assertThat(root).isEmpty();
        assertThat(diagnostics.sorted()).singleElement().extracting(Diagnostic::format).isEqualTo(
                "service.yml:1:1: error: the file is 2097152 bytes; the limit is 1048576 bytes (see docs/validation.md#limits)");
    }

    @ParameterizedTest(name = "{0} limits")
    @MethodSource("limits")
    void aSingleScalarOverTheSizeLimitIsOneError(String name, YamlLimits limits) {
        String yaml = "image: " + "x".repeat(limits.maxBytes());
        assertThat(onlyError(limits, yaml).message()).startsWith("the file is " + yaml.length() + " bytes");
    }

    @Test
    void aHugeScalarJustUnderTheSizeLimitIsReadWhole() {
        String value = "x".repeat(YamlLimits.DEFAULT.maxBytes() - 16);
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlNode> root = assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withDefaults().read("service.yml", "image: '" + value + "'\n", diagnostics));
        assertThat(diagnostics.sorted()).isEmpty();
        MappingNode map = (MappingNode) root.orElseThrow();
        assertThat(((ScalarNode) map.get("image").orElseThrow()).text()).hasSize(value.length());
    }

    @Test
    void aHugeKeyIsReadOrRejectedButNeverThrows() {
        // snakeyaml limits implicit keys to 1024 characters; what matters is one clear outcome.
        Diagnostics diagnostics = new Diagnostics();
        String yaml = "k".repeat(100_000) + ": v\n";
        assertTimeoutPreemptively(HANG_GUARD, () -> YamlReader.withDefaults().read("service.yml", yaml, diagnostics));
        assertThat(diagnostics.sorted()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void manyDistinctAnchorsWithoutAliasesAreFine() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            yaml.append('k').append(i).append(": &a").append(i).append(" v\n");
        }
        Diagnostics diagnostics = new Diagnostics();
        assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withDefaults().read("service.yml", yaml.toString(), diagnostics));
        assertThat(diagnostics.sorted()).isEmpty();
    }

    @Test
    void aWideFlatListUnderTheNodeLimitIsFine() {
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlNode> root = assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withLimits(SMALL).read("service.yml", "- a\n".repeat(9_999), diagnostics));
        assertThat(diagnostics.sorted()).isEmpty();
        assertThat(((SequenceNode) root.orElseThrow()).items()).hasSize(9_999);
    }

    @Test
    void aWideFlatListOverTheNodeLimitIsOneError() {
        assertThat(onlyError(SMALL, "- a\n".repeat(10_000)).message())
                .startsWith("the document expands to more than 10000 nodes");
    }

    @Test
    void thousandsOfDuplicateKeysAreCappedNotFlooded() {
        Diagnostics diagnostics = new Diagnostics();
        assertTimeoutPreemptively(HANG_GUARD,
                () -> YamlReader.withDefaults().read("service.yml", "a: 1\n".repeat(20_000), diagnostics));
        assertThat(diagnostics.errorCount()).isEqualTo(Diagnostics.MAX_REPORTED);
        assertThat(diagnostics.truncated()).isTrue();
    }
}
