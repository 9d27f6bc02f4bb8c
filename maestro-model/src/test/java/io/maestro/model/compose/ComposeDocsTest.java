package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.keys.KeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/convert-compose.md says what the converter does: its tables come from {@link ComposeKeys}. */
class ComposeDocsTest {

    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "convert-compose.md");

    @Test
    void documentsEveryComposeKeyAsTheKeyTableDoes() throws IOException {
        String doc = Files.readString(DOC);
        KeySpec service = ComposeKeys.ROOT.child("services").orElseThrow().child("web").orElseThrow();
        List<String> rows = new ArrayList<>();
        rows(service, "", rows);
        rows(service.child("build").orElseThrow(), "build.", rows);
        rows(service.child("deploy").orElseThrow(), "deploy.", rows);
        rows(ComposeKeys.ROOT, "", rows);
        assertThat(rows).hasSizeGreaterThan(100);
        for (String row : rows) {
            assertThat(doc).as("docs/convert-compose.md should contain the row").contains(row);
        }
    }

    @Test
    void showsTheExampleExactlyAsConverted() throws IOException {
        String doc = Files.readString(DOC);
        String compose = ComposeFixtures.compose("docs-example");
        String converted = ComposeConverter.convert(Source.text("docker-compose.yml", compose),
                new ComposeConverter.Options("https://github.com/acme/app.git", "main")).serviceYml();
        assertThat(doc).contains("```yaml\n" + compose + "```").contains("```yaml\n" + converted + "```");
    }

    private static void rows(KeySpec spec, String prefix, List<String> rows) {
        for (KeySpec key : spec.children()) {
            rows.add("| `" + prefix + key.name() + "` | " + key.summary().replace("|", "\\|") + " |");
        }
    }
}
