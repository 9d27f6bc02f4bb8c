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

    /** Builds locally, needs a variable without a default, and has settings that do not convert. */
    private static final String APP = """
            services:
              web:
                build: .
                ports: ["80:3000"]
                environment:
                  DB_PASSWORD: ${DB_PASSWORD}
                depends_on: [db]
              db:
                image: postgres:16
                volumes:
                  - db-data:/var/lib/postgresql/data
            volumes:
              db-data:
            """;

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
    void writesServiceYmlAndSaysItIsValidAndWhatToDoNext() throws IOException {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                wrote service.yml from docker-compose.yml (0 settings not converted, 0 warnings)
                service.yml: valid (1 service, 0 warnings); next: maestro render -f service.yml
                """);
        assertThat(run.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("service.yml"))).contains("image: nginx:1.27").endsWith("\n");
    }

    @Test
    void listsSettingsItCouldNotConvertOnStderr() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml");

        assertThat(run.errLines())
                .contains("app.yml: not converted: web.depends_on: V2 has no start order; services reach each other by name")
                .anyMatch(line -> line.startsWith("app.yml: not converted: web.build: "));
        assertThat(run.out()).startsWith("wrote service.yml from app.yml (2 settings not converted, 2 warnings)\n");
    }

    @Test
    void printsWarningsWithTheComposeFilesLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml");

        assertThat(run.errLines()).contains("app.yml:11:9: warning: services.db.volumes[0]: named volume 'db-data'"
                + " becomes a persistent volume claim of 1Gi; check the size");
    }

    @Test
    void listsRequiredVariablesWithWhereToDefineThem() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml", "--git-url", "https://github.com/acme/app.git");

        assertThat(run.out()).contains("required variables: DB_PASSWORD (define them under environment_variables"
                + " in manifest.yml, or give defaults: _env(NAME:default))\n");
    }

    @Test
    void validatesTheResultAndPointsAtItsProblems() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml", "--git-url", "https://github.com/acme/app.git");

        assertThat(run.exitCode()).as("the conversion itself succeeded").isZero();
        assertThat(run.errLines()).anyMatch(line -> line.matches(
                "service\\.yml:\\d+:\\d+: error: services\\.web\\.env_vars\\.DB_PASSWORD: undefined variable 'DB_PASSWORD'.*"));
        assertThat(run.out()).endsWith(
                "service.yml: not valid yet (1 error above); fix it, then run: maestro validate -f service.yml\n");
    }

    @Test
    void validatesWithTheManifestBesideTheOutputAsValidateWould() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);
        Files.writeString(dir.resolve("manifest.yml"), "environment_variables:\n  DB_PASSWORD: AUTO_GENERATE_24\n");

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml", "--git-url", "https://github.com/acme/app.git");

        assertThat(run.out()).endsWith("service.yml: valid (2 services, 0 warnings); next: maestro render -f service.yml\n");
        assertThat(Cli.run(dir, "validate").exitCode()).isZero();
    }

    @Test
    void gitUrlAndBranchTellBuildGridWhereToBuildLocalContextsFrom() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml",
                "--git-url", "https://github.com/acme/app.git", "--git-branch", "release");

        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("service.yml")))
                .contains("git_url: https://github.com/acme/app.git\n", "git_branch: release\n");
        assertThat(run.err()).doesNotContain("web.build");
    }

    @Test
    void withoutAGitUrlALocalBuildIsNotConvertedAndTheResultIsNotValid() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml");

        assertThat(Files.readString(dir.resolve("service.yml"))).doesNotContain("git_url:");
        assertThat(run.errLines()).anyMatch(line -> line.matches("service\\.yml:\\d+:\\d+: error: services\\.web: "
                + "expected 'image' .* or 'git_url' .*"));
        assertThat(run.out()).contains("service.yml: not valid yet (2 errors above)");
    }

    @Test
    void gitBranchWithoutGitUrlIsAUsageError() {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "--git-branch", "main");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("maestro: error: --git-branch needs --git-url: it names a branch of that repository\n");
        assertThat(dir.resolve("service.yml")).doesNotExist();
    }

    @Test
    void jsonHoldsEverythingTheTextReportSays() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml", "--output", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").booleanValue()).isTrue();
        assertThat(json.get("file").textValue()).isEqualTo("app.yml");
        assertThat(json.get("output").textValue()).isEqualTo("service.yml");
        assertThat(json.get("notConverted")).extracting(JsonNode::textValue)
                .contains("web.depends_on: V2 has no start order; services reach each other by name");
        assertThat(json.get("requiredVariables")).extracting(JsonNode::textValue).containsExactly("DB_PASSWORD");
        assertThat(json.get("errors")).isEmpty();
        assertThat(json.get("warnings")).anySatisfy(warning -> {
            assertThat(warning.get("file").textValue()).isEqualTo("app.yml");
            assertThat(warning.get("line").intValue()).isEqualTo(11);
            assertThat(warning.get("keyPath").textValue()).isEqualTo("services.db.volumes[0]");
        });
        JsonNode validation = json.get("validation");
        assertThat(validation.get("valid").booleanValue()).isFalse();
        assertThat(validation.get("file").textValue()).isEqualTo("service.yml");
        assertThat(validation.get("services").isNull()).isTrue();
        assertThat(validation.get("errors")).extracting(e -> e.get("keyPath").textValue())
                .contains("services.web", "services.web.env_vars.DB_PASSWORD");
    }

    @Test
    void jsonSaysWhenTheResultIsValid() throws IOException {
        Cli.Run run = Cli.run(dir, "convert", "compose", "docker-compose.yml", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("validation").get("valid").booleanValue()).isTrue();
        assertThat(json.get("validation").get("services").intValue()).isEqualTo(1);
        assertThat(json.get("requiredVariables")).isEmpty();
    }

    @Test
    void anInvalidComposeFileExitsOneAndWritesNothing() throws IOException {
        Files.writeString(dir.resolve("bad.yml"), "services:\n  web:\n    imgae: nginx\n");

        Cli.Run run = Cli.run(dir, "convert", "compose", "bad.yml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("bad.yml:3:5: error: services.web.imgae: ");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("service.yml")).doesNotExist();
    }

    @Test
    void withDashOTheServiceYmlIsOnStdoutAndTheReportOnStderr() throws IOException {
        Files.writeString(dir.resolve("app.yml"), APP);

        Cli.Run run = Cli.run(dir, "convert", "compose", "app.yml", "-o", "-", "--output", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("# Converted from app.yml").contains("services:");
        assertThat(run.errLines())
                .contains("app.yml: not converted: web.depends_on: V2 has no start order; services reach each other by name")
                .anyMatch(line -> line.startsWith("(stdout):") && line.contains("undefined variable 'DB_PASSWORD'"))
                .endsWith("(stdout): not valid yet (2 errors above)");
        assertThat(dir.resolve("-")).doesNotExist();
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
        assertThat(run.out()).contains("converted.yml: valid (1 service, 0 warnings)");
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
