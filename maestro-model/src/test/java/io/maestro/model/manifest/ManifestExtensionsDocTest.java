package io.maestro.model.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every YAML example in docs/manifest-extensions.md is a valid manifest, so the doc cannot drift from the code. */
class ManifestExtensionsDocTest {

    private static final Path DOC = Path.of("..", "docs", "manifest-extensions.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleLoadsWithoutErrors() throws IOException {
        List<String> examples = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(DOC));
        while (matcher.find()) {
            examples.add(matcher.group(1));
        }

        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        for (String example : examples) {
            assertThat(ManifestFixture.errors(example)).as(example).isEmpty();
        }
    }
}
