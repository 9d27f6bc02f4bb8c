package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertComposeCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeComposeFile() throws IOException {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  web:
                    image: nginx:1.27
                    ports: ["8080:80"]
                """);
    }

    @Test
    void writesServiceYml() throws IOException {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("wrote service\\.yml from docker-compose\\.yml \\(\\d+ settings? not converted\\)\\n");
        assertThat(Files.readString(dir.resolve("service.yml"))).contains("services").endsWith("\n");
        assertThat(run.errLines()).allMatch(line -> line.startsWith("docker-compose.yml: warning: "));
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "mine\n");

        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("maestro: error: service.yml: already exists; use --force to overwrite it\n");
        assertThat(dir.resolve("service.yml")).hasContent("mine");
    }

    @Test
    void overwritesWithForce() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "mine\n");

        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "--force");

        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("service.yml"))).isNotEqualTo("mine\n");
    }

    @Test
    void writesToAnotherFileWithDashO() {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "-o", "converted.yml");

        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("converted.yml")).exists();
        assertThat(dir.resolve("service.yml")).doesNotExist();
    }

    @Test
    void printsWithDashODash() {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "-o", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("services");
        assertThat(dir.resolve("-")).doesNotExist();
    }

    @Test
    void jsonReportNamesTheOutputAndTheUnconvertedSettings() throws IOException {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").booleanValue()).isTrue();
        assertThat(json.get("output").textValue()).isEqualTo("service.yml");
        assertThat(json.get("notConverted").isArray()).isTrue();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void missingComposeFileIsAUsageError() {
        Cli.Run run = Cli.run(dir, "convert", "compose", "nope.yml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("maestro: error: nope.yml: no such file\n");
    }

    @Test
    void convertWithoutAFormatShowsUsageAndExitsTwo() {
        Cli.Run run = Cli.run(dir, "convert");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("compose");
    }
}
