package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.InvalidDefinitionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutated compose files only ever yield a conversion or validation errors: never another exception. */
class ComposeConverterFuzzTest {

    private static final String ALPHABET = " :-\n\"'[]{}$#&*<>!|,./0123456789abcxyz_";

    @Test
    void mutatedFilesOnlyYieldConversionsOrValidationErrors() {
        String shop = ComposeFixtures.compose("shop");
        String edge = ComposeFixtures.compose("edge-cases");
        qt().withExamples(300)
                .forAll(integers().between(0, 1), lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 12))
                .checkAssert((which, edits) -> {
                    String mutated = mutate(which == 0 ? shop : edge, edits);
                    assertThatCode(() -> {
                        try {
                            ComposeConverter.convert(Source.text("compose.yml", mutated));
                        } catch (InvalidDefinitionException expected) {
                            // the file's own mistakes: fine
                        }
                    }).as(mutated).doesNotThrowAnyException();
                });
    }

    /** Each edit deletes, replaces or inserts one character at a position chosen by the number. */
    private static String mutate(String text, List<Integer> edits) {
        StringBuilder out = new StringBuilder(text);
        for (int edit : edits) {
            if (out.isEmpty()) {
                break;
            }
            int at = edit % out.length();
            char c = ALPHABET.charAt((edit / 7) % ALPHABET.length());
            switch ((edit / 3) % 3) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.setCharAt(at, c);
                default -> out.insert(at, c);
            }
        }
        return out.toString();
    }
}
