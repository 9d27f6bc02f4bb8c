package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** environments show / set against a real control plane started in-process. */
class EnvironmentsCommandIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(dir).loggedInAsAdmin();
        Files.writeString(dir.resolve("service.yml"), OnlineCommandsIT.SERVICE_YML);
        assertThat(live.maestro("apps", "create", "shop").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void settingsChangeOnlyWhereAskedAndShowTheirValues() {
        Cli.Run set = live.maestro("environments", "set", "shop", "production", "--auto-rollback=true", "--rollout-timeout", "90");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).contains("auto rollback:    true").contains("rollout timeout:  90 s")
                .contains("reapply drift:    false").contains("cluster:          (not set)");

        JsonNode shown = OnlineCommandsIT.json(live.maestro("environments", "show", "shop", "production", "--output", "json"));
        assertThat(shown.path("autoRollback").asBoolean()).isTrue();
        assertThat(shown.path("rolloutTimeoutSeconds").asInt()).isEqualTo(90);
        assertThat(shown.path("target").asText()).isEqualTo("cluster");
    }

    @Test
    void anUnknownServerIsRefusedAndNothingChanges() {
        Cli.Run refused = live.maestro("environments", "set", "shop", "production", "--server", "nowhere", "--auto-rollback=true");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("nowhere");
        JsonNode shown = OnlineCommandsIT.json(live.maestro("environments", "show", "shop", "production", "--output", "json"));
        assertThat(shown.path("autoRollback").asBoolean()).isFalse();
    }

    @Test
    void nothingToChangeIsAUsageError() {
        Cli.Run usage = live.maestro("environments", "set", "shop", "production");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("nothing to change");
    }
}
