package io.maestro.cli.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.cli.UsageException;
import io.maestro.model.MaestroException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which server and token a command uses: --profile, then MAESTRO_SERVER/MAESTRO_TOKEN, then the default profile. */
class ConnectionTest {

    @TempDir
    Path dir;

    Map<String, String> env(String... more) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("MAESTRO_CONFIG", dir.resolve("cli.json").toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    void save() {
        ProfileStore store = ProfileStore.locate(env());
        store.save(store.load()
                .with(new Profile("prod", URI.create("https://prod.example"), "tok-prod", "alice", "admin"))
                .with(new Profile("dev", URI.create("http://127.0.0.1:8080"), "tok-dev", "bob", "viewer"))
                .withDefault("prod"));
    }

    @Test
    void theDefaultProfileAnExplicitOneAndTheEnvironmentEachWinInTurn() {
        save();
        assertThat(Connection.resolve(null, env())).isEqualTo(new Connection(URI.create("https://prod.example"), "tok-prod", "prod"));
        assertThat(Connection.resolve("dev", env()).token()).isEqualTo("tok-dev");
        assertThat(Connection.resolve(null, env("MAESTRO_TOKEN", "tok-env")))
                .isEqualTo(new Connection(URI.create("https://prod.example"), "tok-env", "prod"));
        assertThat(Connection.resolve(null, env("MAESTRO_SERVER", "http://ci:9090/", "MAESTRO_TOKEN", "tok-ci")))
                .isEqualTo(new Connection(URI.create("http://ci:9090"), "tok-ci", null));
        assertThat(Connection.resolve("dev", env("MAESTRO_TOKEN", "tok-env")).token()).isEqualTo("tok-dev");
    }

    @Test
    void theFileIsPrivateAndKeepsEveryProfile() throws Exception {
        save();
        Path file = dir.resolve("cli.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ProfileStore.Profiles loaded = ProfileStore.locate(env()).load();
        assertThat(loaded.all()).extracting(Profile::name).containsExactly("prod", "dev");
        assertThat(loaded.without("prod").defaultName()).isNull();
        assertThat(loaded.all().getFirst().toString()).doesNotContain("tok-prod");
    }

    @Test
    void withoutAnyProfileTheMessageSaysToLogIn() {
        assertThatThrownBy(() -> Connection.resolve(null, env()))
                .isInstanceOf(MaestroException.class)
                .hasMessageStartingWith("not logged in: no default profile in " + dir.resolve("cli.json"))
                .hasMessageEndingWith("run `maestro login --server URL --token TOKEN` first");
        assertThatThrownBy(() -> Connection.resolve("nope", env())).isInstanceOf(UsageException.class)
                .hasMessageContaining("no profile named 'nope'");
    }

    @Test
    void aBrokenProfilesFileIsNamedWithAFix() throws Exception {
        Files.writeString(dir.resolve("cli.json"), "{not json");
        assertThatThrownBy(() -> Connection.resolve(null, env()))
                .hasMessageStartingWith(dir.resolve("cli.json") + ": expected the CLI's profiles as JSON")
                .hasMessageEndingWith("fix or delete the file and run `maestro login`");
    }

    @Test
    void serverUrlsMustBeHttpOrHttps() {
        assertThat(ServerUrl.parse("https://maestro.example.com/", "--server")).isEqualTo(URI.create("https://maestro.example.com"));
        assertThatThrownBy(() -> ServerUrl.parse("ftp://x", "--server")).isInstanceOf(UsageException.class)
                .hasMessage("--server: expected an http:// or https:// URL such as http://127.0.0.1:8080, got 'ftp://x'");
    }
}
