package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.InvalidDefinitionException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compose file's own mistakes are reported all at once, with file:line:col and key path. */
class ComposeConverterErrorsTest {

    private static List<String> errors(String compose) {
        InvalidDefinitionException thrown = catchThrowableOfType(InvalidDefinitionException.class,
                () -> ComposeConverter.convert(Source.text("compose.yml", compose)));
        assertThat(thrown).as("the conversion should have failed").isNotNull();
        return thrown.errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void reportsYamlSyntaxErrorsWithPosition() {
        assertThat(errors("services:\n  web:\n    image: [nginx\n")).singleElement().asString()
                .startsWith("compose.yml:4:1: error: YAML syntax error:");
    }

    @Test
    void reportsAnEmptyFile() {
        assertThat(errors("# nothing\n")).containsExactly(
                "compose.yml:1:1: error: the file is empty; expected a map with a 'services' key");
    }

    @Test
    void reportsAFileWithoutServices() {
        assertThat(errors("volumes:\n  data: {}\n")).containsExactly(
                "compose.yml:1:1: error: expected a 'services' map: there is nothing to convert");
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        String compose = """
                services:
                  web:
                    imgae: nginx
                    ports: 80
                  api:
                    image: acme/api
                    ports: ["70000:80", "8000-8002:80-81", "80:80/sctpx"]
                    environment:
                      URL: http://${HOST
                      PRICE: 5$
                    volumes:
                      - data:/data
                      - /host:relative
                    stop_grace_period: soon
                    mem_limit: lots
                    privileged: yes
                """;
        assertThat(errors(compose)).containsExactly(
                "compose.yml:3:5: error: services.web.imgae: unknown key (did you mean 'image'?)",
                "compose.yml:4:12: error: services.web.ports: expected a list, got a number '80'",
                "compose.yml:7:13: error: services.api.ports[0]: expected a port number between 1 and 65535, got '70000'",
                "compose.yml:7:25: error: services.api.ports[1]: the published range has 3 ports but the container"
                        + " range has 2",
                "compose.yml:7:44: error: services.api.ports[2]: expected the protocol tcp or udp, got 'sctpx'",
                "compose.yml:9:12: error: services.api.environment.URL: unclosed '${' in 'http://${HOST'; write $$"
                        + " for a literal $",
                "compose.yml:10:14: error: services.api.environment.PRICE: a '$' that starts no variable in '5$';"
                        + " write $$ for a literal $",
                "compose.yml:12:9: error: services.api.volumes[0]: volume 'data' is not declared under the top-level"
                        + " volumes; declare it, or write a path (./data or /data) for a host directory",
                "compose.yml:13:9: error: services.api.volumes[1]: expected an absolute path in the container, got"
                        + " 'relative'",
                "compose.yml:14:24: error: services.api.stop_grace_period: expected a duration such as 30s or 1m30s,"
                        + " got 'soon'",
                "compose.yml:15:16: error: services.api.mem_limit: expected a memory size such as 512m or 1g, got 'lots'",
                "compose.yml:16:17: error: services.api.privileged: expected true or false, got 'yes' (YAML 1.2"
                        + " booleans are true and false only)");
    }

    @Test
    void reportsAServiceWithNothingToRun() {
        assertThat(errors("services:\n  web:\n    ports: [\"80:80\"]\n")).containsExactly(
                "compose.yml:2:3: error: services.web: expected 'image' or 'build': compose needs one to know what"
                        + " to run");
    }

    @Test
    void ignoresExtensionKeysEverywhere() {
        String compose = """
                x-common: &common
                  image: nginx
                services:
                  web:
                    <<: *common
                    x-note: hello
                    build:
                      context: .
                      x-cache: true
                """;
        assertThat(ComposeConverter.convert(Source.text("compose.yml", compose)).serviceYml())
                .doesNotContain("x-");
    }

    @Test
    @DisplayName("an alias bomb is rejected by the reader's limits, not expanded")
    void rejectsAliasBombs() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        bomb.append("services: {}\n");
        assertThat(errors(bomb.toString())).isNotEmpty();
    }
}
