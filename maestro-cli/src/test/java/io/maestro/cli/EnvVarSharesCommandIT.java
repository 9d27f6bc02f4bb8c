package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.store.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maestro env-vars share|unshare|shares} against a live server. */
class EnvVarSharesCommandIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(dir);
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("shop/service.yml"), OnlineCommandsIT.SERVICE_YML);
        live.loggedInAsAdmin();
        assertThat(live.maestro("apps", "create", "db", "-f", "shop/service.yml").exitCode()).isZero();
        assertThat(live.maestro("apps", "create", "web", "-f", "shop/service.yml").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void anAdminSharesListsAndUnsharesAndADeployerMayNot() {
        Cli.Run shared = live.maestro("env-vars", "share", "db", "--with", "web");
        assertThat(shared.exitCode()).as(shared.toString()).isZero();
        assertThat(shared.out()).isEqualTo("shared the variables of db with web\n");
        assertThat(live.maestro("env-vars", "share", "db", "--with", "web").out())
                .isEqualTo("already shared: the variables of db with web\n");

        Cli.Run listed = live.maestro("env-vars", "shares", "web");
        assertThat(listed.out()).startsWith("SOURCE  TARGET  SHARED").contains("db      web").contains("admin");
        JsonNode json = OnlineCommandsIT.json(live.maestro("env-vars", "shares", "db", "--output", "json"));
        assertThat(json.at("/shares/0/target").asText()).isEqualTo("web");

        String deployer = live.tokenFor("dora", Role.DEPLOYER);
        assertThat(live.maestro("login", "--server", live.url(), "--token", deployer, "--profile", "dora").exitCode()).isZero();
        Cli.Run refused = live.maestro("env-vars", "unshare", "db", "--with", "web", "--profile", "dora");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("permission denied");

        Cli.Run unshared = live.maestro("env-vars", "unshare", "db", "--with", "web");
        assertThat(unshared.out()).isEqualTo("the variables of db are no longer shared with web\n");
        Cli.Run again = live.maestro("env-vars", "unshare", "db", "--with", "web", "--output", "json");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(OnlineCommandsIT.json(again).get("error").asText()).isEqualTo("not_found");
        assertThat(live.maestro("env-vars", "shares", "web").out()).isEqualTo("no shares involve web\n");
    }
}
