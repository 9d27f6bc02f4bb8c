package io.maestro.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link YamlReader} makes of ordinary and of broken YAML: trees, positions, diagnostics. */
class YamlReaderTest {

    private static final String FILE = "service.yml";

    /** What one read produced. */
    record Result(Optional<YamlNode> root, List<Diagnostic> diagnostics) {
        YamlNode tree() {
            assertThat(diagnostics).as("diagnostics").isEmpty();
            return root.orElseThrow();
        }

        Diagnostic onlyError() {
            assertThat(diagnostics).as("diagnostics").hasSize(1);
            assertThat(diagnostics.get(0).isError()).as("is an error").isTrue();
            return diagnostics.get(0);
        }
    }

    static Result read(String text) {
        return read(YamlReader.withDefaults(), text);
    }

    static Result read(YamlReader reader, String text) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlNode> root = reader.read(FILE, text, diagnostics);
        return new Result(root, diagnostics.sorted());
    }

    static YamlNode at(YamlNode node, Object... path) {
        YamlNode current = node;
        for (Object step : path) {
            current = switch (step) {
                case String key -> ((MappingNode) current).get(key).orElseThrow(() -> new AssertionError("no key " + key));
                case Integer index -> ((SequenceNode) current).items().get(index);
                default -> throw new IllegalArgumentException(String.valueOf(step));
            };
        }
        return current;
    }

    static SourcePosition pos(int line, int column) {
        return new SourcePosition(FILE, line, column);
    }

    static String text(YamlNode node) {
        return ((ScalarNode) node).text();
    }

    static List<String> keys(YamlNode node) {
        return ((MappingNode) node).entries().stream().map(MappingNode.Entry::name).toList();
    }

    @Nested
    class Positions {

        private final YamlNode root = read("""
                version: 2
                services:
                  web:
                    image: "acme/web:1"
                    ports:
                      - 80
                      - {container: 443, https: 8443}
                    command: |
                      run
                      --fast
                """).tree();

        @Test
        void rootMapStartsAtItsFirstKey() {
            assertThat(root.position()).isEqualTo(pos(1, 1));
        }

        @Test
        void keysAndScalarsCarryTheirOneBasedLineAndColumn() {
            MappingNode services = (MappingNode) at(root, "services");
            assertThat(services.entry("web").orElseThrow().key().position()).isEqualTo(pos(3, 3));
            assertThat(at(root, "version").position()).isEqualTo(pos(1, 10));
            assertThat(at(root, "services", "web", "image").position()).isEqualTo(pos(4, 12));
        }

        @Test
        void blockMapsStartAtTheirFirstKeyAndBlockListsAtTheirFirstDash() {
            assertThat(at(root, "services", "web").position()).isEqualTo(pos(4, 5));
            assertThat(at(root, "services", "web", "ports").position()).isEqualTo(pos(6, 7));
        }

        @Test
        void listItemsAndFlowMapsCarryTheirOwnPositions() {
            assertThat(at(root, "services", "web", "ports", 0).position()).isEqualTo(pos(6, 9));
            assertThat(at(root, "services", "web", "ports", 1).position()).isEqualTo(pos(7, 9));
            assertThat(at(root, "services", "web", "ports", 1, "https").position()).isEqualTo(pos(7, 33));
        }

        @Test
        void blockScalarStartsAtItsIndicator() {
            YamlNode command = at(root, "services", "web", "command");
            assertThat(command.position()).isEqualTo(pos(8, 14));
            assertThat(text(command)).isEqualTo("run\n--fast\n");
        }

        @Test
        void positionsSurviveWindowsLineEndings() {
            YamlNode tree = read("a: 1\r\nb:\r\n  c: 2\r\n").tree();
            assertThat(at(tree, "b", "c").position()).isEqualTo(pos(3, 6));
        }

        @Test
        void aLeadingByteOrderMarkIsNotPartOfTheFirstKey() {
            YamlNode tree = read("\uFEFFa: 1\n").tree();
            assertThat(keys(tree)).containsExactly("a");
            assertThat(at(tree, "a").position()).isEqualTo(pos(1, 4));
        }
    }

    @Nested
    class Scalars {

        @Test
        void keepTheTextAsWrittenAndWhetherItWasQuoted() {
            YamlNode tree = read("""
                    plain: 8080
                    quoted: "8080"
                    single: 'yes'
                    empty:
                    """).tree();
            ScalarNode plain = (ScalarNode) at(tree, "plain");
            ScalarNode quoted = (ScalarNode) at(tree, "quoted");
            assertThat(plain.text()).isEqualTo("8080");
            assertThat(plain.plain()).isTrue();
            assertThat(plain.kindName()).isEqualTo("a number");
            assertThat(quoted.text()).isEqualTo("8080");
            assertThat(quoted.plain()).isFalse();
            assertThat(quoted.kindName()).isEqualTo("a string");
            assertThat(((ScalarNode) at(tree, "single")).looksLikeYaml11Boolean()).isFalse();
            assertThat(((ScalarNode) at(tree, "empty")).isNull()).isTrue();
        }

        @Test
        void anEmojiAnywhereIsReadIncludingAcrossTheParsersBufferBoundaries() {
            // snakeyaml-engine reads 1024 characters at a time and used to overrun its buffer when a
            // surrogate pair straddled the boundary.
            String emoji = "\uD83D\uDE00";
            for (int offset = 1_000; offset < 1_060; offset++) {
                for (int boundary : new int[] {0, 1_024}) {
                    String yaml = "# " + "x".repeat(offset + boundary) + emoji + "\nname: " + "y".repeat(offset) + emoji + "\n";
                    assertThat(text(at(read(yaml).tree(), "name"))).as("offset %d", offset).endsWith(emoji);
                }
            }
        }

        @Test
        void tagsDoNotChangeTheText() {
            YamlNode tree = read("a: !custom x\nb: !!str 1\n").tree();
            assertThat(text(at(tree, "a"))).isEqualTo("x");
            assertThat(text(at(tree, "b"))).isEqualTo("1");
        }

        @Test
        void aTopLevelScalarOrListIsReturnedAsSuch() {
            assertThat(read("just text").tree()).isInstanceOf(ScalarNode.class);
            assertThat(read("- a\n- b\n").tree()).isInstanceOf(SequenceNode.class);
        }
    }

    @Nested
    class DuplicateKeys {

        @Test
        void areReportedAtTheSecondKeyNamingTheLineOfTheFirst() {
            Result result = read("""
                    services:
                      web:
                        image: a
                        command: x
                        image: b
                    """);
            Diagnostic error = result.onlyError();
            assertThat(error.position()).isEqualTo(pos(5, 5));
            assertThat(error.keyPath()).isEqualTo("services.web.image");
            assertThat(error.message()).isEqualTo("duplicate key 'image'; it is first defined at line 3");
            assertThat(error.format()).isEqualTo(
                    "service.yml:5:5: error: services.web.image: duplicate key 'image'; it is first defined at line 3"
                            + " (keep one of the two)");
        }

        @Test
        void keepTheFirstValue() {
            Result result = read("a: 1\nb: 2\na: 3\n");
            assertThat(result.diagnostics()).hasSize(1);
            assertThat(text(at(result.root().orElseThrow(), "a"))).isEqualTo("1");
            assertThat(keys(result.root().orElseThrow())).containsExactly("a", "b");
        }

        @Test
        void areAllReportedAtOnce() {
            Result result = read("a: 1\na: 2\nb: {x: 1, x: 2}\n");
            assertThat(result.diagnostics()).extracting(Diagnostic::keyPath).containsExactly("a", "b.x");
        }

        @Test
        void inFlowMapsAreFoundToo() {
            Diagnostic error = read("ports: [{container: 80, container: 81}]\n").onlyError();
            assertThat(error.keyPath()).isEqualTo("ports[0].container");
            assertThat(error.position()).isEqualTo(pos(1, 25));
        }
    }

    @Nested
    class Tabs {

        @Test
        void inIndentationGiveTheExactMessageAtTheTab() {
            Diagnostic error = read("services:\n  web:\n\t\timage: x\n").onlyError();
            assertThat(error.format()).isEqualTo("service.yml:3:1: error: tab character in indentation;"
                    + " YAML indents with spaces only (replace the tab with spaces)");
        }

        @Test
        void onSeveralLinesAreAllNamed() {
            Result result = read("a:\n\tb: 1\nc:\n  \td: 2\n");
            assertThat(result.root()).isEmpty();
            assertThat(result.diagnostics()).extracting(Diagnostic::position).containsExactly(pos(2, 1), pos(4, 3));
            assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message()).startsWith("tab character"));
        }

        @Test
        void afterAListDashAreCalledTabsToo() {
            Diagnostic error = read("a:\n  - \tb\n").onlyError();
            assertThat(error.position()).isEqualTo(pos(2, 5));
            assertThat(error.message()).isEqualTo("tab character in indentation; YAML indents with spaces only");
        }

        @Test
        void insideValuesBlockScalarsAndQuotedContinuationsAreValidYaml() {
            YamlNode tree = read("a: x\ty\nb: |\n  line\n  \ttabbed\nc: \"multi\n\tline\"\n").tree();
            assertThat(text(at(tree, "a"))).isEqualTo("x\ty");
            assertThat(text(at(tree, "b"))).isEqualTo("line\n\ttabbed\n");
            assertThat(text(at(tree, "c"))).isEqualTo("multi line");
        }
    }

    @Nested
    class SyntaxErrors {

        @Test
        void giveOneErrorAtTheProblem() {
            Diagnostic error = read("services:\n  web: image: x\n").onlyError();
            assertThat(error.position()).isEqualTo(pos(2, 13));
            assertThat(error.keyPath()).isEmpty();
            assertThat(error.message()).isEqualTo("YAML syntax error: mapping values are not allowed here");
        }

        @Test
        void anUnclosedFlowListPointsAtTheEndAndSaysWhatWasExpected() {
            Result result = read("ports: [80, 443\n");
            Diagnostic error = result.onlyError();
            assertThat(result.root()).isEmpty();
            assertThat(error.position()).isEqualTo(pos(2, 1));
            assertThat(error.message()).startsWith("YAML syntax error: expected ',' or ']'");
        }

        @Test
        void anUnterminatedQuoteIsOneError() {
            Diagnostic error = read("image: 'acme/web\n").onlyError();
            assertThat(error.message()).contains("quoted scalar");
        }

        @Test
        void aControlCharacterIsOneErrorNotAnException() {
            Diagnostic error = read("a: \u0000\n").onlyError();
            assertThat(error.message()).startsWith("YAML syntax error:");
        }
    }

    @Nested
    class Documents {

        @Test
        void aSecondDocumentIsAnErrorAtItsMarker() {
            Result result = read("a: 1\n---\nb: 2\n");
            Diagnostic error = result.onlyError();
            assertThat(result.root()).isEmpty();
            assertThat(error.position()).isEqualTo(pos(2, 1));
            assertThat(error.fullMessage()).isEqualTo("only one YAML document is allowed in this file"
                    + " (remove the second '---' document or move it to its own file)");
        }

        @Test
        void oneExplicitDocumentWithDirectivesAndEndMarkerIsFine() {
            YamlNode tree = read("%YAML 1.2\n---\na: 1\n...\n").tree();
            assertThat(at(tree, "a").position()).isEqualTo(pos(3, 4));
        }

        @Test
        void anEmptyFileIsNoDocumentAndNoDiagnostic() {
            for (String empty : List.of("", "\n\n", "   \n", "# only a comment\n", "---\n")) {
                Result result = read(empty);
                assertThat(result.diagnostics()).as("diagnostics of %s", empty).isEmpty();
                if (!empty.equals("---\n")) {
                    assertThat(result.root()).as("root of %s", empty).isEmpty();
                }
            }
        }
    }

    @Nested
    class MergeKeys {

        @Test
        void mergeAMapWhereExplicitKeysWinWhereverTheyAppear() {
            YamlNode tree = read("""
                    base: &base {image: acme/base, command: run, work_dir: /app}
                    web:
                      command: serve
                      <<: *base
                      work_dir: /srv
                    """).tree();
            YamlNode web = at(tree, "web");
            assertThat(keys(web)).containsExactlyInAnyOrder("command", "work_dir", "image");
            assertThat(text(at(web, "command"))).isEqualTo("serve");
            assertThat(text(at(web, "work_dir"))).isEqualTo("/srv");
            assertThat(text(at(web, "image"))).isEqualTo("acme/base");
            assertThat(at(web, "image").position()).as("merged values keep their own position").isEqualTo(pos(1, 21));
        }

        @Test
        void mergeAListOfMapsWhereEarlierSourcesWin() {
            YamlNode tree = read("""
                    a: &a {x: from-a}
                    b: &b {x: from-b, y: from-b}
                    c:
                      <<: [*a, *b]
                      z: own
                    """).tree();
            YamlNode c = at(tree, "c");
            assertThat(text(at(c, "x"))).isEqualTo("from-a");
            assertThat(text(at(c, "y"))).isEqualTo("from-b");
            assertThat(text(at(c, "z"))).isEqualTo("own");
            assertThat(keys(c)).doesNotContain("<<");
        }

        @Test
        void aMergeOfAScalarIsAnError() {
            Diagnostic error = read("a: &a text\nb:\n  <<: *a\n").onlyError();
            assertThat(error.keyPath()).isEqualTo("b.<<");
            assertThat(error.message()).isEqualTo("a merge key '<<' expects a map or a list of maps, got a string");
        }

        @Test
        void aQuotedMergeKeyIsAnOrdinaryKey() {
            YamlNode tree = read("'<<': 1\n").tree();
            assertThat(keys(tree)).containsExactly("<<");
        }
    }

    @Nested
    class Aliases {

        @Test
        void shareTheAnchoredNode() {
            YamlNode tree = read("a: &x {k: v}\nb: *x\n").tree();
            assertThat(at(tree, "b")).isSameAs(at(tree, "a"));
        }

        @Test
        void toAnUnknownAnchorIsOneErrorAtTheAlias() {
            Result result = read("services:\n  web:\n    image: *nope\n");
            Diagnostic error = result.onlyError();
            assertThat(result.root()).isEmpty();
            assertThat(error.position()).isEqualTo(pos(3, 12));
            assertThat(error.keyPath()).isEqualTo("services.web.image");
            assertThat(error.message()).isEqualTo("alias *nope refers to no anchor &nope defined before it");
        }

        @Test
        void toTheirOwnEnclosingNodeAreUnknownRatherThanInfinite() {
            Diagnostic error = read("&a [*a]\n").onlyError();
            assertThat(error.message()).contains("alias *a refers to no anchor");
        }
    }

    @Nested
    class ComplexKeys {

        @Test
        void aListAsKeyIsRejected() {
            Diagnostic error = read("? [a, b]\n: 1\n").onlyError();
            assertThat(error.position()).isEqualTo(pos(1, 3));
            assertThat(error.message()).isEqualTo("a map key must be a plain value, not a list");
        }

        @Test
        void aMapAsKeyIsRejectedAndTheOtherKeysSurvive() {
            Result result = read("{a: 1}: x\nb: 2\n");
            assertThat(result.onlyError().message()).isEqualTo("a map key must be a plain value, not a map");
            assertThat(keys(result.root().orElseThrow())).containsExactly("b");
        }
    }

    @Nested
    class Files_ {

        @TempDir
        Path dir;

        private Result readFile(YamlReader reader, Path path) {
            Diagnostics diagnostics = new Diagnostics();
            Optional<YamlNode> root = reader.readFile(path, FILE, diagnostics);
            return new Result(root, diagnostics.sorted());
        }

        @Test
        void aValidFileIsReadWithItsDisplayName() throws IOException {
            Path file = dir.resolve("service.yml");
            Files.writeString(file, "services:\n  web:\n    image: nginx\n");
            YamlNode tree = readFile(YamlReader.withDefaults(), file).tree();
            assertThat(at(tree, "services", "web", "image").position()).isEqualTo(pos(3, 12));
        }

        @Test
        void invalidUtf8IsOneErrorAtTheStart() throws IOException {
            Path file = dir.resolve("service.yml");
            Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
            Result result = readFile(YamlReader.withDefaults(), file);
            assertThat(result.root()).isEmpty();
            assertThat(result.onlyError().format()).isEqualTo("service.yml:1:1: error: the file is not valid UTF-8 text");
        }

        @Test
        void aFileOverTheByteLimitIsOneErrorAtTheStartNamingTheLimit() throws IOException {
            Path file = dir.resolve("service.yml");
            Files.writeString(file, "a: " + "x".repeat(100) + "\n");
            Result result = readFile(YamlReader.withLimits(new YamlLimits(64, 64, 1000, 10)), file);
            assertThat(result.root()).isEmpty();
            assertThat(result.onlyError().format()).isEqualTo(
                    "service.yml:1:1: error: the file is 104 bytes; the limit is 64 bytes (see docs/validation.md#limits)");
        }

        @Test
        void aFileOverTheDefaultLimitIsRejectedBeforeItIsRead() throws IOException {
            Path file = dir.resolve("service.yml");
            Files.write(file, new byte[YamlLimits.DEFAULT.maxBytes() + 1]);
            Diagnostic error = readFile(YamlReader.withDefaults(), file).onlyError();
            assertThat(error.position()).isEqualTo(pos(1, 1));
            assertThat(error.message()).contains("the limit is 1048576 bytes");
        }

        @Test
        void multiByteCharactersCountAsBytesAgainstTheLimit() {
            // 40 characters, 80 bytes in UTF-8.
            Diagnostic error = read(YamlReader.withLimits(new YamlLimits(64, 64, 1000, 10)), "é".repeat(40)).onlyError();
            assertThat(error.message()).startsWith("the file is 80 bytes; the limit is 64 bytes");
        }

        @Test
        void aMissingFileIsOneErrorNotAnException() {
            Diagnostic error = readFile(YamlReader.withDefaults(), dir.resolve("absent.yml")).onlyError();
            assertThat(error.position()).isEqualTo(pos(1, 1));
            assertThat(error.message()).startsWith("cannot read the file: ");
        }

        @Test
        void aUtf8FileIsDecodedAsUtf8() throws IOException {
            Path file = dir.resolve("service.yml");
            Files.write(file, "name: café\n".getBytes(StandardCharsets.UTF_8));
            assertThat(text(at(readFile(YamlReader.withDefaults(), file).tree(), "name"))).isEqualTo("café");
        }
    }

    @Nested
    class NodeCounting {

        @Test
        void aLargeFlatDefinitionWellUnderTheByteLimitIsNotMistakenForAnAliasBomb() {
            // 2,000 services of ~35 nodes each, five levels deep: ~70k nodes. Counting a node once per
            // enclosing level (a past bug) made this look like 350k and rejected it.
            StringBuilder yaml = new StringBuilder("services:\n");
            for (int i = 0; i < 2_000; i++) {
                yaml.append("  s").append(i).append(":\n    image: x\n    env_vars:\n");
                for (int j = 0; j < 10; j++) {
                    yaml.append("      K").append(j).append(": v\n");
                }
                yaml.append("    ports:\n      - container: 80\n        http: 80\n");
            }
            Result result = read(yaml.toString());
            assertThat(result.diagnostics()).isEmpty();
            assertThat(((MappingNode) at(result.root().orElseThrow(), "services")).entries()).hasSize(2_000);
        }

        @Test
        void theNodeLimitCountsEveryNodeOnceExactly() {
            // a map, two keys, two values: 5 nodes.
            YamlReader five = YamlReader.withLimits(new YamlLimits(1024, 8, 5, 10));
            YamlReader four = YamlReader.withLimits(new YamlLimits(1024, 8, 4, 10));
            assertThat(read(five, "a: 1\nb: 2\n").diagnostics()).isEmpty();
            assertThat(read(four, "a: 1\nb: 2\n").onlyError().message()).startsWith("the document expands to more than 4 nodes");
        }

        @Test
        void anAliasCostsTheSizeOfWhatItNames() {
            // anchored list (1 + 3 items) = 4 nodes, the alias adds 4 again, plus the root map and 2 keys.
            String yaml = "a: &x [1, 2, 3]\nb: *x\n";
            assertThat(read(YamlReader.withLimits(new YamlLimits(1024, 8, 11, 10)), yaml).diagnostics()).isEmpty();
            assertThat(read(YamlReader.withLimits(new YamlLimits(1024, 8, 10, 10)), yaml).diagnostics()).hasSize(1);
        }
    }
}
