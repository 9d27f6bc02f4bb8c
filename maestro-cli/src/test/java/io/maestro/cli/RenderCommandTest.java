package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @TempDir
    Path dir;

    private void writeValidApp() throws IOException {
        Files.writeString(dir.resolve("service.yml"), """
                services:
                  web:
                    image: acme/web:1.0
                    ports: ["3000:80"]
                """);
    }

    @Test
    void writesOneFilePerObjectAndSaysHowMany() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("wrote \\d+ objects? to k8s\\n");
        int reported = Integer.parseInt(run.out().split(" ")[1]);
        try (Stream<Path> files = Files.list(dir.resolve("k8s"))) {
            assertThat(files.toList()).hasSize(reported)
                    .allMatch(f -> RenderedFiles.RENDERED_NAME.matcher(f.getFileName().toString()).matches());
        }
    }

    @Test
    void invalidInputWritesNothingAndExitsOne() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "services:\n  web: {image: a}\n  web: {image: b}\n");

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("service.yml:3:3: error: services.web: duplicate key 'web'");
        assertThat(dir.resolve("k8s")).doesNotExist();
    }

    @Test
    void invalidInputInJsonModeIsAJsonReportOnStdout() throws IOException {
        Files.writeString(dir.resolve("service.yml"), "services: [unclosed\n");

        Cli.Run run = Cli.run(dir, "render", "--output", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").booleanValue()).isFalse();
        assertThat(json.get("errors").get(0).get("message").textValue()).startsWith("YAML syntax error");
    }

    @Test
    void jsonReportOfAWrittenDirectoryListsTheFiles() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s", "--output", "json", "--app", "shop", "--env", "staging");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("application").textValue()).isEqualTo("shop");
        assertThat(json.get("environment").textValue()).isEqualTo("staging");
        assertThat(json.get("directory").textValue()).isEqualTo("k8s");
        assertThat(json.get("files").isArray()).isTrue();
        try (Stream<Path> files = Files.list(dir.resolve("k8s"))) {
            assertThat(files.count()).isEqualTo(json.get("files").size());
        }
    }

    @Test
    void refusesAnOutputDirectoryWithForeignFiles() throws IOException {
        writeValidApp();
        Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(dir.resolve("k8s/README"), "mine");

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("maestro: error: k8s: holds files Maestro did not write ('README')");
    }

    @Test
    void rejectsAnApplicationNameThatIsNotADnsLabel() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "--app", "My_Shop");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--app: expected a DNS-1123 label").contains("got 'My_Shop'");
    }

    @Test
    void rejectsAnEnvironmentNameThatCannotBePartOfANamespace() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "--env", "Prod!");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--env: expected a DNS-1123 label");
    }

    @Test
    void rejectsAnUnknownObjectFormat() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "--format", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("expected yaml or json, got 'xml'");
    }

    @Test
    void printsTheSameBytesTwice() throws IOException {
        writeValidApp();

        Cli.Run first = Cli.run(dir, "render");
        Cli.Run second = Cli.run(dir, "render");

        assertThat(first.exitCode()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void jsonOnStdoutIsOneKubernetesListThatKubectlReads() throws IOException {
        writeValidApp();

        for (String[] args : new String[][] {{"render", "--format", "json"}, {"render", "--output", "json"}}) {
            Cli.Run run = Cli.run(dir, args);

            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.get("apiVersion").textValue()).isEqualTo("v1");
            assertThat(json.get("kind").textValue()).isEqualTo("List");
            assertThat(json.get("items")).isNotEmpty().allSatisfy(item -> assertThat(item.has("kind")).isTrue());
            assertThat(json.get("items").get(0).get("kind").textValue()).isEqualTo("Namespace");
        }
    }

    @Test
    void jsonFilesHoldOneObjectEach() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s", "--format", "json", "--app", "web");

        assertThat(run.exitCode()).isZero();
        Path first = dir.resolve("k8s/01-namespace-web-production.json");
        JsonNode json = new ObjectMapper().readTree(Files.readString(first));
        assertThat(json.isObject()).isTrue();
        assertThat(json.get("kind").textValue()).isEqualTo("Namespace");
    }

    @Test
    void theJsonReportOfADirectoryLeavesTheFilesInYaml() throws IOException {
        writeValidApp();

        Cli.Run run = Cli.run(dir, "render", "-o", "k8s", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("files")).allSatisfy(file -> assertThat(file.textValue()).endsWith(".yaml"));
        assertThat(Files.readString(dir.resolve("k8s").resolve(json.get("files").get(0).textValue())))
                .startsWith("---\napiVersion: v1\nkind: Namespace\n");
    }

    @Test
    void showSecretsChangesOnlyTheContentsOfSecrets() {
        Path root = Cli.repoRoot();
        Cli.Run masked = Cli.run(root, "render", "-f", "examples/shop/service.yml");
        Cli.Run shown = Cli.run(root, "render", "-f", "examples/shop/service.yml", "--show-secrets");

        List<String> maskedDocuments = List.of(masked.out().split("(?m)^---\n"));
        List<String> shownDocuments = List.of(shown.out().split("(?m)^---\n"));
        assertThat(shownDocuments).hasSameSizeAs(maskedDocuments);
        int changed = 0;
        for (int i = 0; i < maskedDocuments.size(); i++) {
            String before = maskedDocuments.get(i);
            String after = shownDocuments.get(i);
            if (before.contains("\nkind: Secret\n")) {
                String metadata = before.substring(0, before.indexOf("\nstringData:"));
                assertThat(after).as("a Secret keeps its metadata").startsWith(metadata);
                changed += before.equals(after) ? 0 : 1;
            } else {
                assertThat(after).as("only Secrets change").isEqualTo(before);
            }
        }
        assertThat(changed).as("Secrets holding application values change").isGreaterThan(0);
        assertThat(masked.out()).contains("SECRET_KEY_BASE: <redacted>");
        assertThat(shown.out()).doesNotContain("SECRET_KEY_BASE: <redacted>");
    }
}
