package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.store.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online commands against a real control plane started in-process: profiles, apps, versions, errors. */
class OnlineCommandsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports:
                  - container: 3000
                    http: 80
            """;

    static final String SERVICE_YML_V2 = SERVICE_YML.replace("acme/web:1.0", "acme/web:1.1");

    static final String INVALID_SERVICE_YML = """
            version: 2
            services:
              web:
                imgae: acme/web:1.0
                ports:
                  - container: 70000
                    http: 80
            """;

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(dir);
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("shop/service.yml"), SERVICE_YML);
        Files.writeString(dir.resolve("bad.yml"), INVALID_SERVICE_YML);
        Files.writeString(dir.resolve("v2.yml"), SERVICE_YML_V2);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    static JsonNode json(Cli.Run run) {
        try {
            return JSON.readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("expected JSON on stdout, got: " + run, e);
        }
    }

    @Test
    void loginChecksTheTokenAndSavesProfilesSideBySideInAPrivateFile() throws IOException {
        String veraToken = live.tokenFor("vera", Role.VIEWER);
        Cli.Run admin = live.maestro("login", "--server", live.url() + "/", "--token", live.adminToken);
        assertThat(admin.exitCode()).as(admin.toString()).isZero();
        assertThat(admin.out()).isEqualTo("logged in to " + live.url() + " as admin (admin); saved profile 'default' (default) in "
                + live.config + "\n");
        Cli.Run vera = live.maestroWithInput(veraToken + "\n", "login", "--server", live.url(), "--token", "-", "--profile", "vera");
        assertThat(vera.exitCode()).as(vera.toString()).isZero();
        assertThat(vera.out()).contains("as vera (viewer); saved profile 'vera' in");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(live.config))).isEqualTo("rw-------");
        Cli.Run list = live.maestro("profiles", "list");
        assertThat(list.out().lines().toList()).containsExactly(
                "   PROFILE  SERVER" + " ".repeat(live.url().length() - 4) + "USER   ROLE",
                "*  default  " + live.url() + "  admin  admin",
                "   vera     " + live.url() + "  vera   viewer");
        assertThat(list.out()).doesNotContain(live.adminToken).doesNotContain(veraToken);
        JsonNode listed = json(live.maestro("profiles", "list", "--output", "json"));
        assertThat(listed.get("default").asText()).isEqualTo("default");
        assertThat(listed.get("profiles")).hasSize(2);
        assertThat(listed.toString()).doesNotContain(veraToken);

        assertThat(live.maestro("users", "list").exitCode()).isZero();
        Cli.Run denied = live.maestro("users", "list", "--profile", "vera");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).isEqualTo("maestro: error: permission denied: this needs the role admin, user 'vera' has viewer\n");

        assertThat(live.maestro("profiles", "use", "vera").exitCode()).isZero();
        assertThat(live.maestro("users", "list").exitCode()).isEqualTo(1);
        assertThat(live.maestro("logout", "--profile", "vera").exitCode()).isZero();
        Cli.Run none = live.maestro("apps", "list");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).startsWith("maestro: error: not logged in: no default profile in " + live.config)
                .contains("--profile NAME (saved: default)");
        JsonNode noneJson = json(live.maestro("apps", "list", "--output", "json"));
        assertThat(noneJson.get("error").asText()).isEqualTo("failed");
        assertThat(noneJson.get("message").asText()).startsWith("not logged in");
        Cli.Run unknown = live.maestro("apps", "list", "--profile", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no profile named 'nope'").contains("saved profiles: default");
    }

    @Test
    void environmentVariablesOverrideTheProfile() {
        live.loggedInAsAdmin();
        String veraToken = live.tokenFor("vera", Role.VIEWER);
        live.env.put("MAESTRO_TOKEN", veraToken);
        assertThat(live.maestro("users", "list").err()).contains("user 'vera' has viewer");
        live.env.put("MAESTRO_SERVER", "http://127.0.0.1:" + LiveServer.closedPort());
        assertThat(live.maestro("apps", "list").err()).contains("cannot reach the Maestro server at http://127.0.0.1:");
        // --profile wins over the environment.
        assertThat(live.maestro("users", "list", "--profile", "default").exitCode()).isZero();
    }

    @Test
    void aRejectedTokenOrAnUnreachableServerSavesNothingAndSaysWhy() {
        Cli.Run rejected = live.maestro("login", "--server", live.url(), "--token", "maestro_" + "A".repeat(43));
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.err()).isEqualTo("maestro: error: the server at " + live.url()
                + " rejected the token (profile 'default'): the bearer token is unknown or revoked; log in again with"
                + " `maestro login --server " + live.url() + " --token TOKEN --profile default`\n");
        assertThat(live.config).doesNotExist();

        int port = LiveServer.closedPort();
        Cli.Run unreachable = live.maestro("login", "--server", "http://127.0.0.1:" + port, "--token", live.adminToken);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).isEqualTo("maestro: error: cannot reach the Maestro server at http://127.0.0.1:" + port
                + " (connection refused); check that it runs and that the URL is right, or log in to another one with"
                + " `maestro login --server URL --token TOKEN`\n");
        assertThat(live.config).doesNotExist();

        Cli.Run badUrl = live.maestro("login", "--server", "127.0.0.1:8080", "--token", live.adminToken);
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--server: expected an http:// or https:// URL");
    }

    @Test
    void aTokenRevokedAfterLoginIsReportedAsRejected() {
        String token = live.tokenFor("dora", Role.DEPLOYER);
        assertThat(live.maestro("login", "--server", live.url(), "--token", token).exitCode()).isZero();
        live.server.store().tokens().revoke(live.server.store().tokens().list("dora").getFirst().id());
        Cli.Run run = live.maestro("apps", "list");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("rejected the token (profile 'default')");
        JsonNode json = json(live.maestro("apps", "list", "--output", "json"));
        assertThat(json.get("error").asText()).isEqualTo("unauthorized");
        assertThat(json.get("status").asInt()).isEqualTo(401);
    }

    @Test
    void appsCreateListShowAndVersionsUploadListShowDiff() {
        live.loggedInAsAdmin();
        Cli.Run created = live.maestro("apps", "create", "shop", "-f", "shop/service.yml", "--comment", "first");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("created application shop (version 1)\n");

        Cli.Run list = live.maestro("apps", "list");
        assertThat(list.out().lines().toList()).hasSize(2).element(1).asString().startsWith("shop  1");
        assertThat(live.maestro("apps", "show", "shop").out()).contains("latest:      version 1 by admin").contains(": first");

        Cli.Run uploaded = live.maestro("versions", "upload", "shop", "-f", "v2.yml", "--comment", "web 1.1");
        assertThat(uploaded.out()).isEqualTo("uploaded version 2 of shop\n");
        assertThat(live.maestro("versions", "list", "shop").out().lines().toList())
                .hasSize(3).element(1).asString().startsWith("2        admin").endsWith("web 1.1");
        assertThat(live.maestro("versions", "show", "shop", "2", "--file", "service.yml").out()).isEqualTo(SERVICE_YML_V2);
        assertThat(live.maestro("versions", "show", "shop", "1").out()).contains("==> service.yml <==\n" + SERVICE_YML);
        Cli.Run diff = live.maestro("versions", "diff", "shop", "1", "2");
        assertThat(diff.out()).contains("--- v1/service.yml", "+++ v2/service.yml", "-    image: acme/web:1.0",
                "+    image: acme/web:1.1");

        assertThat(json(live.maestro("apps", "list", "--output", "json")).at("/applications/0/latestVersion").asInt()).isEqualTo(2);
        assertThat(json(live.maestro("apps", "show", "shop", "--output", "json")).at("/latest/comment").asText()).isEqualTo("web 1.1");
        assertThat(json(live.maestro("versions", "list", "shop", "--output", "json")).get("versions")).hasSize(2);
        assertThat(json(live.maestro("versions", "show", "shop", "1", "--output", "json")).at("/files/service.yml").asText())
                .isEqualTo(SERVICE_YML);
        assertThat(json(live.maestro("versions", "diff", "shop", "1", "2", "--output", "json")).get("to").asInt()).isEqualTo(2);
        JsonNode createdJson = json(live.maestro("apps", "create", "blog", "-f", "shop/service.yml", "--output", "json"));
        assertThat(createdJson.at("/application/name").asText()).isEqualTo("blog");
    }

    @Test
    void anInvalidUploadPrintsTheDiagnosticsExactlyAsValidateDoesAndStoresNothing() {
        live.loggedInAsAdmin();
        Cli.Run validate = live.maestro("validate", "-f", "bad.yml");
        assertThat(validate.exitCode()).isEqualTo(1);

        Cli.Run create = live.maestro("apps", "create", "shop", "-f", "bad.yml");
        assertThat(create.exitCode()).isEqualTo(1);
        List<String> lines = create.errLines();
        assertThat(lines.subList(0, lines.size() - 1)).isEqualTo(validate.errLines());
        assertThat(lines.getFirst()).startsWith("bad.yml:4:");
        assertThat(lines.getLast()).isEqualTo("maestro: error: the definition has 2 error(s); nothing was stored");
        assertThat(live.server.store().applications().list()).isEmpty();

        JsonNode json = json(live.maestro("apps", "create", "shop", "-f", "bad.yml", "--output", "json"));
        assertThat(json.get("status").asInt()).isEqualTo(422);
        assertThat(json.get("diagnostics")).hasSize(2);
        assertThat(json.at("/diagnostics/0/file").asText()).isEqualTo("bad.yml");

        assertThat(live.maestro("apps", "create", "shop", "-f", "shop/service.yml").exitCode()).isZero();
        Cli.Run upload = live.maestro("versions", "upload", "shop", "-f", "bad.yml", "--comment", "broken");
        assertThat(upload.errLines().subList(0, 2)).isEqualTo(validate.errLines());
        assertThat(live.server.store().versions().list("shop")).hasSize(1);
    }

    @Test
    void usageErrorsExitTwoAndFailuresExitOne() {
        live.loggedInAsAdmin();
        assertThat(live.maestro("apps").exitCode()).isEqualTo(2);
        assertThat(live.maestro("apps", "create", "shop", "-f", "missing.yml").exitCode()).isEqualTo(2);
        assertThat(live.maestro("versions", "upload", "shop", "-f", "shop/service.yml").exitCode()).isEqualTo(2);
        Cli.Run missing = live.maestro("apps", "show", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("maestro: error: no application named 'nope'\n");
        assertThat(live.maestro("services", "scale", "shop", "web", "lots").exitCode()).isEqualTo(2);
    }
}
