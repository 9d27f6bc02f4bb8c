package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --output json} failures print one error object on stdout, for login and the online commands. */
class JsonErrorsIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() {
        live = LiveServer.start(dir);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private static JsonNode error(Cli.Run run, int exitCode, String code) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        JsonNode json = OnlineCommandsIT.json(run);
        assertThat(json.get("error").asText()).as(run.toString()).isEqualTo(code);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(run.err()).as("people still read the error on stderr").startsWith("maestro: error: ");
        return json;
    }

    @Test
    void aFailedLoginPrintsAJsonErrorAndSavesNothing() {
        JsonNode rejected = error(live.maestro("login", "--server", live.url(), "--token", "maestro_" + "A".repeat(43),
                "--output", "json"), 1, "unauthorized");
        assertThat(rejected.get("status").asInt()).isEqualTo(401);
        assertThat(rejected.get("message").asText()).contains("rejected the token");

        int port = LiveServer.closedPort();
        JsonNode unreachable = error(live.maestro("login", "--server", "http://127.0.0.1:" + port, "--token", live.adminToken,
                "--output", "json"), 1, "unreachable");
        assertThat(unreachable.get("status").isNull()).isTrue();

        error(live.maestro("login", "--server", "127.0.0.1:8080", "--token", live.adminToken, "--output", "json"), 2, "usage");
        error(live.maestro("login", "--token", live.adminToken, "--output=json"), 2, "usage");
        assertThat(live.config).doesNotExist();

        Cli.Run ok = live.maestro("login", "--server", live.url(), "--token", live.adminToken, "--output", "json");
        assertThat(ok.exitCode()).isZero();
        assertThat(OnlineCommandsIT.json(ok).get("user").asText()).isEqualTo("admin");
    }

    @Test
    void onlineCommandsPrintAJsonErrorForApiFailuresAndUsageErrors() {
        live.loggedInAsAdmin();

        JsonNode missing = error(live.maestro("apps", "show", "nope", "--output", "json"), 1, "not_found");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        error(live.maestro("apps", "create", "shop", "-f", "missing.yml", "--output", "json"), 2, "usage");
        error(live.maestro("services", "scale", "shop", "web", "lots", "--output", "json"), 2, "usage");
        error(live.maestro("apps", "show", "--output", "json"), 2, "usage");

        Cli.Run text = live.maestro("apps", "show", "nope");
        assertThat(text.out()).as("no JSON without --output json").isEmpty();
    }
}
