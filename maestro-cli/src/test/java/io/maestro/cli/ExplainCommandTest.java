package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.model.keys.KeySpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

    /** Small tables shaped like the real ones: a service wildcard, a manifest environment wildcard. */
    static final KeyTables TABLES = new KeyTables(
            KeySpec.key("service.yml", "map").children(
                    KeySpec.key("services", "map").doc("The services.").children(
                            KeySpec.key("*", "map").doc("One service.").children(
                                    KeySpec.key("image", "string").doc("Pre-built image.").build(),
                                    KeySpec.key("ports", "list").doc("Container ports.\nSee the port forms.").children(
                                            KeySpec.key("container", "int").build(),
                                            KeySpec.key("http", "int").build()).build(),
                                    KeySpec.key("health", "string or map").children(
                                            KeySpec.key("port", "int").defaults("the container port").build()).build(),
                                    KeySpec.key("privileged", "bool").since(KeySpec.Since.V1)
                                            .status(KeySpec.Status.V1_MAPPED).defaults("false").build())
                                    .build())
                            .build())
                    .build(),
            KeySpec.key("manifest.yml", "map").children(
                    KeySpec.key("*", "map").doc("An environment.").children(
                            KeySpec.key("memcached", "map").children(
                                    KeySpec.key("port", "int").defaults("11211").build()).build())
                            .build())
                    .build());

    private static Cli.Run explain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(new CliContext(Path.of(""), TABLES), all);
    }

    @Test
    void explainsAKeyByItsPathWithEveryField() {
        Cli.Run run = explain("services.*.privileged");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                services.*.privileged (service.yml)

                  type:     bool
                  default:  false
                  since:    V1 only
                  status:   V1 spelling: read as its V2 equivalent, with a warning
                """);
    }

    @Test
    void explainsAKeyByAConcretePathWithDocAndChildren() {
        Cli.Run run = explain("services.web.ports");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                services.*.ports (service.yml)

                  type:     list
                  default:  none
                  since:    V1 and V2
                  status:   supported

                  Container ports.
                  See the port forms.

                  keys below:
                    container  int
                    http       int
                """);
    }

    @Test
    void explainsAKeyPathCopiedFromAnErrorMessage() {
        Cli.Run run = explain("services.web.ports[0].http");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("services.*.ports.http (service.yml)\n");
    }

    @Test
    void explainsAKeyByItsUniqueName() {
        Cli.Run run = explain("image");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("services.*.image (service.yml)\n");
    }

    @Test
    void aNameOfSeveralKeysListsTheirPathsAndExitsOne() {
        Cli.Run run = explain("port");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                "maestro: error: 'port' names 2 keys; ask for one by its path:",
                "  service.yml   services.*.health.port",
                "  manifest.yml  *.memcached.port");
    }

    @Test
    void formatOptionLimitsTheSearchToOneFile() {
        Cli.Run run = explain("port", "--format", "manifest");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("*.memcached.port (manifest.yml)\n");
    }

    @Test
    void oneWordDoesNotMatchTheManifestEnvironmentWildcard() {
        Cli.Run run = explain("production");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("maestro: error: unknown key 'production'");
    }

    @Test
    void aDottedPathMayNameAnEnvironment() {
        Cli.Run run = explain("production.memcached");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("*.memcached (manifest.yml)\n");
    }

    @Test
    void unknownNameSuggestsTheClosestKey() {
        Cli.Run run = explain("imgae");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("maestro: error: unknown key 'imgae' (did you mean 'image'?)\n");
    }

    @Test
    void unknownPathSuggestsTheClosestKeyAtThatLevel() {
        Cli.Run run = explain("services.web.prots");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("maestro: error: unknown key 'services.web.prots' (did you mean 'services.*.ports'?)\n");
    }

    @Test
    void unknownKeyWithoutACloseMatchSaysJustThat() {
        Cli.Run run = explain("zzzzzzzz");

        assertThat(run.err()).isEqualTo("maestro: error: unknown key 'zzzzzzzz'\n");
    }

    @Test
    void jsonOutputOfAFoundKey() throws IOException {
        Cli.Run run = explain("ports", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isZero();
        assertThat(json.get("file").textValue()).isEqualTo("service.yml");
        assertThat(json.get("path").textValue()).isEqualTo("services.*.ports");
        assertThat(json.get("name").textValue()).isEqualTo("ports");
        assertThat(json.get("type").textValue()).isEqualTo("list");
        assertThat(json.get("default").isNull()).isTrue();
        assertThat(json.get("since").textValue()).isEqualTo("both");
        assertThat(json.get("status").textValue()).isEqualTo("supported");
        assertThat(json.get("doc").textValue()).startsWith("Container ports.");
        assertThat(json.get("children").get(1).get("name").textValue()).isEqualTo("http");
    }

    @Test
    void jsonOutputOfAnAmbiguousName() throws IOException {
        Cli.Run run = explain("port", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(json.get("error").textValue()).isEqualTo("ambiguous");
        assertThat(json.get("matches").get(1).get("path").textValue()).isEqualTo("*.memcached.port");
        assertThat(json.get("matches").get(1).get("file").textValue()).isEqualTo("manifest.yml");
    }

    @Test
    void jsonOutputOfAnUnknownKey() throws IOException {
        Cli.Run run = explain("imgae", "--output", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("error").textValue()).isEqualTo("unknown");
        assertThat(json.get("suggestion").textValue()).isEqualTo("image");
    }

    @Test
    void theRealTablesExplainTheServicesKey() {
        Cli.Run run = Cli.run(CliContext.standard(), "explain", "services");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("services (service.yml)\n");
    }

    private static Cli.Run explainReal(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(CliContext.standard(), all);
    }

    @Test
    void theEndOfAPathFindsTheKeyItEndsIn() {
        Cli.Run run = explainReal("constraints.max_surge");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("services.*.constraints.max_surge (service.yml)\n");
    }

    @Test
    void theEndOfAPathMayStartWithAServiceName() {
        assertThat(explainReal("web.ports").out()).startsWith("services.*.ports (service.yml)\n");
    }

    @Test
    void aPathEndThatOnlyFillsWildcardsIsUnknown() {
        Cli.Run run = explainReal("web.x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("maestro: error: unknown key 'web.x'\n");
    }

    @Test
    void aManifestPathBelowAnEnvironmentFindsTheKeyTheTopLevelDocuments() {
        Cli.Run run = explainReal("production.docker.configuration.dedicated_master");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("docker.configuration.dedicated_master (manifest.yml)\n");
    }

    @Test
    void anEnvironmentPrefixIsNotTakenForAKeyPathElsewhere() {
        Cli.Run run = explainReal("production.max_surge");

        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void oneKeySharedByManyParentsIsExplainedOnceWithItsPlaces() {
        Cli.Run run = explainReal("same_as");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("""
                same_as (manifest.yml), the same key in 17 places:
                  docker.servers.server.same_as
                  postgresql.servers.server.same_as
                """);
        assertThat(run.out()).contains("  type:     string\n", "Run this component on the server of that `unique_name`");
    }

    @Test
    void jsonOfASharedKeyListsEveryPath() throws IOException {
        JsonNode json = new ObjectMapper().readTree(explainReal("same_as", "--output", "json").out());

        assertThat(json.get("path").textValue()).isEqualTo("docker.servers.server.same_as");
        assertThat(json.get("paths")).hasSize(17);
        assertThat(json.get("paths").get(1).textValue()).isEqualTo("postgresql.servers.server.same_as");
    }

    @Test
    void anAmbiguousNameListsEachDifferentKeyOnce() {
        Cli.Run run = explainReal("port");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "maestro: error: 'port' names 4 keys; ask for one by its path:",
                "  service.yml   services.*.health.ready.port (the same key in 3 places)",
                "  manifest.yml  docker.servers.server.port (the same key in 17 places)",
                "  manifest.yml  docker.servers.server.ssh.port (the same key in 17 places)",
                "  manifest.yml  memcached.configuration.port");
    }

    @Test
    void documentationIsWrappedBetweenWords() {
        assertThat(ExplainCommand.wrap("aa bb cc dd", 5)).containsExactly("aa bb", "cc dd");
        assertThat(ExplainCommand.wrap("a verylongword b", 4)).containsExactly("a", "verylongword", "b");
        assertThat(explainReal("ports").out().lines()).allMatch(line -> line.length() <= ExplainCommand.WIDTH);
    }
}
