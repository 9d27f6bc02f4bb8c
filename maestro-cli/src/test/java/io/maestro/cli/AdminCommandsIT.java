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

/** env-vars, users and tokens against a real control plane started in-process. */
class AdminCommandsIT {

    static final String SECRET = "hunter2-never-printed";

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
    void envVarsSetListHistoryAndUnset() {
        Cli.Run set = live.maestro("env-vars", "set", "shop", "LOG_LEVEL", "debug");
        assertThat(set.out()).isEqualTo("set LOG_LEVEL on shop (application level, every environment)\n");
        assertThat(live.maestro("env-vars", "set", "shop", "LOG_LEVEL", "info", "--service", "web", "--env", "production").exitCode())
                .isZero();
        assertThat(live.maestro("env-vars", "set", "shop", "LOG_LEVEL", "warn").exitCode()).isZero();

        Cli.Run list = live.maestro("env-vars", "list", "shop");
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().toList().get(0)).startsWith("NAME       SERVICE  ENV         VALUE  UPDATED");
        assertThat(list.out()).contains("LOG_LEVEL  (all)    (all)       warn").contains("LOG_LEVEL  web      production  info");
        assertThat(live.maestro("env-vars", "list", "shop", "--service", "web").out().lines()).hasSize(2);

        Cli.Run history = live.maestro("env-vars", "history", "shop", "LOG_LEVEL");
        assertThat(history.out().lines().toList()).hasSize(3);
        assertThat(history.out().lines().toList().get(1)).contains("set     warn   admin");
        assertThat(history.out().lines().toList().get(2)).contains("set     debug  admin");

        Cli.Run unset = live.maestro("env-vars", "unset", "shop", "LOG_LEVEL", "-s", "web", "-e", "production");
        assertThat(unset.out()).isEqualTo("unset LOG_LEVEL on shop (service web, environment production)\n");
        assertThat(live.maestro("env-vars", "unset", "shop", "LOG_LEVEL", "-s", "web", "-e", "production").err())
                .isEqualTo("maestro: error: env var 'LOG_LEVEL' is not set (service web, environment production) on application 'shop'\n");

        JsonNode json = OnlineCommandsIT.json(live.maestro("env-vars", "list", "shop", "--output", "json"));
        assertThat(json.get("envVars")).hasSize(1);
        assertThat(json.at("/envVars/0/value").asText()).isEqualTo("warn");
        assertThat(OnlineCommandsIT.json(live.maestro("env-vars", "history", "shop", "LOG_LEVEL", "--output", "json"))
                .get("changes")).hasSize(2);
        assertThat(OnlineCommandsIT.json(live.maestro("env-vars", "set", "shop", "A", "1", "--output", "json"))
                .get("value").asText()).isEqualTo("1");
        assertThat(OnlineCommandsIT.json(live.maestro("env-vars", "unset", "shop", "A", "--output", "json"))
                .get("unset").asBoolean()).isTrue();
    }

    @Test
    void aSecretReadFromStdinIsNeverPrintedExceptToAnAdminWhoAsks() {
        String deployer = live.tokenFor("dora", Role.DEPLOYER);
        assertThat(live.maestro("login", "--server", live.url(), "--token", deployer, "--profile", "dora").exitCode()).isZero();

        Cli.Run set = live.maestroWithInput(SECRET + "\n", "env-vars", "set", "shop", "DB_PASSWORD", "-", "--secret", "--profile", "dora");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("set DB_PASSWORD on shop (application level, every environment) as a secret\n");

        Cli.Run[] runs = {
            set,
            live.maestro("env-vars", "list", "shop", "--profile", "dora"),
            live.maestro("env-vars", "list", "shop", "--profile", "dora", "--output", "json"),
            live.maestro("env-vars", "history", "shop", "DB_PASSWORD"),
            live.maestro("env-vars", "history", "shop", "DB_PASSWORD", "--output", "json"),
            live.maestro("env-vars", "list", "shop", "--reveal", "--profile", "dora"),
        };
        for (Cli.Run run : runs) {
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
        assertThat(runs[1].out()).contains("DB_PASSWORD  (all)    (all)  (secret)");
        assertThat(runs[5].err()).isEqualTo("maestro: error: permission denied: revealing secret values needs the role admin,"
                + " user 'dora' has deployer\n");

        Cli.Run revealed = live.maestro("env-vars", "list", "shop", "--reveal");
        assertThat(revealed.out()).contains(SECRET);
        assertThat(live.server.store().secrets().get(new io.maestro.store.secret.SecretName("shop", "env", "DB_PASSWORD")))
                .contains(SECRET);
    }

    @Test
    void usersListAddAndRole() {
        Cli.Run add = live.maestro("users", "add", "carl", "--role", "viewer");
        assertThat(add.out()).isEqualTo("added user carl (viewer)\n");
        assertThat(live.maestro("users", "role", "carl", "deployer").out()).isEqualTo("user carl is now deployer\n");
        Cli.Run list = live.maestro("users", "list");
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out()).contains("carl   deployer");
        assertThat(OnlineCommandsIT.json(live.maestro("users", "list", "--output", "json")).get("users")).hasSize(2);
        assertThat(OnlineCommandsIT.json(live.maestro("users", "add", "cleo", "--role", "admin", "--output", "json"))
                .get("role").asText()).isEqualTo("admin");
        assertThat(OnlineCommandsIT.json(live.maestro("users", "role", "cleo", "viewer", "--output", "json"))
                .get("role").asText()).isEqualTo("viewer");
        Cli.Run bad = live.maestro("users", "add", "dave", "--role", "boss");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("maestro: error: role: expected viewer, deployer or admin, got 'boss'\n");
    }

    @Test
    void tokensCreateListAndRevoke() {
        live.maestro("users", "add", "carl", "--role", "viewer");
        Cli.Run created = live.maestro("tokens", "create", "--user", "carl", "--description", "laptop");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String token = created.out().strip();
        assertThat(token).startsWith("maestro_");
        assertThat(created.err()).contains("created a token for carl (prefix " + token.substring(0, 16) + ")");

        assertThat(live.maestro("login", "--server", live.url(), "--token", token, "--profile", "carl").exitCode()).isZero();
        Cli.Run own = live.maestro("tokens", "list", "--profile", "carl");
        assertThat(own.out().lines().toList()).hasSize(2);
        assertThat(own.out()).contains(token.substring(0, 16) + "  laptop").contains("live").doesNotContain(token);
        JsonNode ownJson = OnlineCommandsIT.json(live.maestro("tokens", "create", "--profile", "carl", "--output", "json"));
        assertThat(ownJson.get("user").asText()).isEqualTo("carl");
        assertThat(OnlineCommandsIT.json(live.maestro("tokens", "list", "--user", "carl", "--output", "json")).get("tokens"))
                .hasSize(2);

        Cli.Run revoke = live.maestro("tokens", "revoke", token.substring(0, 16));
        assertThat(revoke.out()).isEqualTo("revoked token " + token.substring(0, 16) + "\n");
        assertThat(live.maestro("apps", "list", "--profile", "carl").err()).contains("rejected the token (profile 'carl')");
        assertThat(live.server.store().audit().recent(10)).anySatisfy(e -> assertThat(e.action()).isEqualTo("token.revoke"));
    }
}
