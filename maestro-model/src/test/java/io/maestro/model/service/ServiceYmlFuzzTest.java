package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated reference examples only ever yield diagnostics: never an exception, and every line has
 * the {@code FILE:LINE:COL: severity: message} shape.
 */
class ServiceYmlFuzzTest {

    private static final List<String> EXAMPLES = List.of(
            ServiceYmlFixture.referenceExample("example-a"),
            ServiceYmlFixture.referenceExample("example-b"),
            ServiceYmlFixture.referenceExample("example-c"),
            ServiceYmlFixture.referenceExample("v1"));

    /** Characters that change YAML structure or hit value parsers. */
    private static final String INTERESTING = ":-[]{},'\"#&*!|>%@` \n\t0123456789mMiGk_.=/;$()";

    @Test
    void mutatedExamplesOnlyYieldDiagnostics() {
        qt().withExamples(400).forAll(integers().between(0, EXAMPLES.size() - 1), longs().all())
                .checkAssert((example, seed) -> {
                    String mutated = mutate(EXAMPLES.get(example), new Random(seed));
                    ServiceYmlFixture.Loaded loaded = ServiceYmlFixture.load(mutated);
                    for (String line : loaded.errors()) {
                        assertThat(line).matches("service\\.yml:\\d+:\\d+: error: [^\\n]+");
                    }
                    for (String line : loaded.warnings()) {
                        assertThat(line).matches("service\\.yml:\\d+:\\d+: warning: [^\\n]+");
                    }
                });
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
                case 2 -> out.setCharAt(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
                default -> {
                    int end = Math.min(out.length(), at + 1 + random.nextInt(20));
                    out.insert(random.nextInt(out.length()), out.substring(at, end));
                }
            }
        }
        return out.toString();
    }
}
