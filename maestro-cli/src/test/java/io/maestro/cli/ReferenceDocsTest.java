package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/service-yml.md and docs/manifest-yml.md must be what the key tables generate today. */
class ReferenceDocsTest {

    @Test
    void committedReferencePagesMatchTheKeyTables() throws IOException {
        Path docs = Cli.repoRoot().resolve("docs");
        for (ReferenceDocs.Page page : ReferenceDocs.pages(KeyTables.standard())) {
            Path committed = docs.resolve(page.fileName());
            assertThat(committed).as("docs out of date: run `scripts/gen-docs` (docs/%s is missing)", page.fileName())
                    .exists();
            assertThat(Files.readString(committed))
                    .as("docs out of date: run `scripts/gen-docs` (docs/%s differs from the key table)", page.fileName())
                    .isEqualTo(page.text());
        }
    }

    @Test
    void generateCommandWritesThePages(@TempDir Path dir) throws IOException {
        Cli.Run run = Cli.run(dir, "docs", "generate", "out");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("wrote out/service-yml.md\nwrote out/manifest-yml.md\n");
        for (ReferenceDocs.Page page : ReferenceDocs.pages(KeyTables.standard())) {
            assertThat(Files.readString(dir.resolve("out").resolve(page.fileName()))).isEqualTo(page.text());
        }
    }

    @Test
    void pagesComeFromTheTablesTheParsersUse() {
        assertThat(ReferenceDocs.pages(KeyTables.standard()))
                .extracting(ReferenceDocs.Page::fileName)
                .containsExactly("service-yml.md", "manifest-yml.md");
        assertThat(ReferenceDocs.pages(KeyTables.standard()).get(0).text()).contains("[`services`](#services)");
    }
}
