package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static final String VALID = """
            services:
              web:
                image: acme/web:1.0
            """;

    /** Exactly FILE:LINE:COL: error|warning: MESSAGE. */
    private static final String DIAGNOSTIC_LINE = "[^:]+:\\d+:\\d+: (error|warning): .+";

    @TempDir
    Path dir;

    @Test
    void validFileExitsZeroWithOneSummaryLineOnStdout() throws IOException {
        Files.writeString(dir.resolve("service.yml"), VALID);

        Cli.Run run = Cli.run(dir, "validate", "-f", "service.yml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("service\\.yml: valid \\(\\d+ services?, \\d+ warnings?\\)\\n");
        assertThat(run.errLines()).allMatch(line -> line.matches(DIAGNOSTIC_LINE) && line.contains(": warning: "));
    }

    @Test
    void readsServiceYmlInTheWorkingDirectoryByDefault() throws IOException {
        Files.writeString(dir.resolve("service.yml"), VALID);

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("service.yml: valid");
    }

    @Test
    void acceptsADirectoryAsTheServiceFile() throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/service.yml"), VALID);

        Cli.Run run = Cli.run(dir, "validate", "-f", "app");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("app/service.yml: valid");
    }

    @Test
    void invalidFileExitsOneWithEveryProblemOnStderrAndNothingOnStdout() throws IOException {
        Files.writeString(dir.resolve("service.yml"), """
                services:
                  web:
                    image: a
                    image: b
                  web:
                    image: c
                """);

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .allMatch(line -> line.matches(DIAGNOSTIC_LINE))
                .contains("service.yml:4:5: error: services.web.image: duplicate key 'image'; it is first defined"
                        + " at line 3 (keep one of the two)")
                .contains("service.yml:5:3: error: services.web: duplicate key 'web'; it is first defined"
                        + " at line 2 (keep one of the two)");
    }

    @Test
    void aboveFiveHundredProblemsTheRestAreDroppedAndALastLineSaysSo() throws IOException {
        StringBuilder services = new StringBuilder("services:\n");
        for (int i = 0; i < 600; i++) {
            services.append("  web").append(i).append(":\n    imgae: x\n");
        }
        Files.writeString(dir.resolve("service.yml"), services);

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(501);
        assertThat(run.errLines().get(499)).startsWith("service.yml:1001:5: error: services.web499.imgae: unknown key");
        assertThat(run.errLines().get(500))
                .isEqualTo("maestro: error: more than 500 problems; only the first 500 are shown");
    }

    @Test
    void aSyntaxErrorInOneFileDoesNotHideTheProblemsOfTheOther() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "services:\n  web: [unclosed\n");
        Files.writeString(dir.resolve("manifest.yml"), "production:\n  postgressql: {}\n");

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.errLines()).hasSize(2)
                .anyMatch(line -> line.startsWith("manifest.yml:2:3: error: production.postgressql: unknown key"))
                .anyMatch(line -> line.startsWith("service.yml:") && line.contains("YAML syntax error"));
    }

    @Test
    void yamlSyntaxErrorIsOneDiagnosticWithItsPosition() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "services:\n  web: [unclosed\n");

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).matches("service\\.yml:\\d+:\\d+: error: YAML syntax error: .+");
    }

    @Test
    void fileAboveTheSizeLimitIsRejectedWithALinkToTheLimits() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "# " + "x".repeat(1024 * 1024) + "\n");

        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("service.yml:1:1: error: the file is ").contains("docs/validation.md#limits");
    }

    @Test
    void missingServiceFileIsAUsageError() {
        Cli.Run run = Cli.run(dir, "validate", "-f", "nope.yml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("maestro: error: nope.yml: no such file\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noServiceYmlInTheWorkingDirectoryIsAUsageErrorThatSaysWhatToDo() {
        Cli.Run run = Cli.run(dir, "validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no service.yml in the current directory").contains("-f FILE");
    }

    @Test
    void missingManifestFileIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("service.yml"), VALID);

        Cli.Run run = Cli.run(dir, "validate", "-m", "missing.yml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("maestro: error: missing.yml: no such file\n");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Run run = Cli.run(dir, "validate", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "maestro: error: Unknown option: '--frobnicate'",
                "Try 'maestro validate --help' for more information.");
    }

    @Test
    void unknownOutputFormatIsAUsageErrorNamingTheChoices() {
        Cli.Run run = Cli.run(dir, "validate", "--output", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("expected text or json, got 'xml'");
    }

    @Test
    void jsonOutputOfAValidFileHasTheDocumentedShape() throws IOException {
        Files.writeString(dir.resolve("service.yml"), VALID);
        Files.writeString(dir.resolve("manifest.yml"), "environment_variables:\n  A: b\n");

        Cli.Run run = Cli.run(dir, "validate", "--output", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(fieldNames(json)).containsExactly(
                "valid", "file", "manifest", "environment", "services", "errors", "warnings", "truncated");
        assertThat(json.get("valid").booleanValue()).isTrue();
        assertThat(json.get("file").textValue()).isEqualTo("service.yml");
        assertThat(json.get("manifest").textValue()).as("manifest.yml next to service.yml is read").isEqualTo("manifest.yml");
        assertThat(json.get("environment").isNull()).isTrue();
        assertThat(json.get("services").isInt()).isTrue();
        assertThat(json.get("errors")).isEmpty();
        assertThat(run.err()).as("json mode keeps stderr empty").isEmpty();
    }

    @Test
    void jsonOutputOfAnInvalidFileListsErrorsWithEveryField() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "services:\n  web: {image: a}\n  web: {image: b}\n");

        Cli.Run run = Cli.run(dir, "validate", "--output", "json", "--env", "staging");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").booleanValue()).isFalse();
        assertThat(json.get("environment").textValue()).isEqualTo("staging");
        assertThat(json.get("services").isNull()).isTrue();
        JsonNode error = StreamSupport.stream(json.get("errors").spliterator(), false)
                .filter(e -> e.get("message").textValue().startsWith("duplicate key"))
                .findFirst().orElseThrow();
        assertThat(fieldNames(error)).containsExactly("file", "line", "column", "severity", "keyPath", "message", "hint");
        assertThat(error.get("file").textValue()).isEqualTo("service.yml");
        assertThat(error.get("line").intValue()).isEqualTo(3);
        assertThat(error.get("column").intValue()).isEqualTo(3);
        assertThat(error.get("severity").textValue()).isEqualTo("error");
        assertThat(error.get("keyPath").textValue()).isEqualTo("services.web");
        assertThat(error.get("message").textValue()).isEqualTo("duplicate key 'web'; it is first defined at line 2");
        assertThat(error.get("hint").textValue()).isEqualTo("keep one of the two");
    }

    @Test
    void summaryUsesSingularAndPlural() {
        assertThat(ValidateCommand.count(1, "service")).isEqualTo("1 service");
        assertThat(ValidateCommand.count(0, "warning")).isEqualTo("0 warnings");
        assertThat(ValidateCommand.count(3, "service")).isEqualTo("3 services");
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }
}
