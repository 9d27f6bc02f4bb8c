package io.maestro.model.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class EnvReferenceParserPropertiesTest {

    /** Fragments of the grammar, so that random strings come close to (and often hit) real references. */
    private static final List<String> FRAGMENTS = List.of(
            "_env(", "{{", "}}", "}", "STACK", "SERVICE", "[", "]", ".", ":", ")", "(", "\\", "\\)",
            "AUTO_GENERATE", "AUTO_GENERATE_", "_", "0", "7", "4096", "x", "NAME", "web", "$(", "$", "$$",
            "_configstore(", "-", " ", "\n", "é", "\uD83D\uDE00");

    private static final List<String> MARKERS = List.of("_env(", "{{", "AUTO_GENERATE", "_configstore(", "$(");

    private static Gen<String> grammarSoup() {
        return lists().of(Generate.pick(FRAGMENTS)).ofSizeBetween(0, 24).map(parts -> String.join("", parts));
    }

    private static Gen<String> anyText() {
        return strings().allPossible().ofLengthBetween(0, 40).mix(grammarSoup(), 60);
    }

    @Test
    void parsingThrowsNothingButEnvSyntaxException() {
        qt().withExamples(5000).forAll(anyText()).checkAssert(raw -> {
            try {
                EnvReferenceParser.parse(raw);
            } catch (EnvSyntaxException e) {
                assertThat(e.offset()).isBetween(0, raw.length());
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void partsReassembleToTheRawValue() {
        qt().withExamples(5000).forAll(anyText()).checkAssert(raw -> {
            EnvValue value;
            try {
                value = EnvReferenceParser.parse(raw);
            } catch (EnvSyntaxException e) {
                return;
            }
            StringBuilder text = new StringBuilder();
            for (EnvPart part : value.parts()) {
                switch (part) {
                    case EnvPart.Literal literal -> text.append(literal.text());
                    case EnvPart.PassThrough pass -> text.append("$(").append(pass.name()).append(")");
                    case EnvPart.Reference reference -> text.append(reference.source());
                }
            }
            assertThat(text.toString()).isEqualTo(raw);
            assertThat(value.parts()).doesNotContain(new EnvPart.Literal(""));
        });
    }

    /** Removes every reference marker (repeatedly: a removal may join two halves into a new one). */
    private static String withoutMarkers(String raw) {
        String text = raw;
        while (MARKERS.stream().anyMatch(text::contains)) {
            for (String marker : MARKERS) {
                text = text.replace(marker, "");
            }
        }
        return text.isEmpty() ? "plain" : text;
    }

    @Test
    void literalOnlyStringsYieldOneLiteralEqualToTheInput() {
        Gen<String> literalOnly = anyText().map(EnvReferenceParserPropertiesTest::withoutMarkers);
        qt().withExamples(3000).forAll(literalOnly).checkAssert(raw ->
                assertThat(EnvReferenceParser.parse(raw).parts()).containsExactly(new EnvPart.Literal(raw)));
    }
}
