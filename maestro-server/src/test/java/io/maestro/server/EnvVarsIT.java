package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.server.env.EnvVarValues;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ENV routes: set, list, unset and history of env vars; secrets encrypted, hidden, revealed only to admins. */
class EnvVarsIT {

    static final String SECRET = "s3cr3t-Value-that-must-not-leak";

    @TempDir
    Path home;

    TestServer server;
    String viewer;
    String deployer;

    @BeforeEach
    void start() {
        server = TestServer.start(home);
        viewer = server.tokenFor("vera", Role.VIEWER);
        deployer = server.tokenFor("dora", Role.DEPLOYER);
        assertThat(server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "first")).status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TestServer.Response put(String name, String body) {
        return server.send("PUT", "/api/v1/apps/shop/env-vars/" + name, deployer, body);
    }

    @Test
    void setListAndUnsetAPlainVariableAtApplicationAndServiceLevel() {
        TestServer.Response set = put("LOG_LEVEL", "{\"value\":\"debug\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("value").asText()).isEqualTo("debug");
        assertThat(set.json().get("updatedBy").asText()).isEqualTo("dora");
        assertThat(put("LOG_LEVEL", "{\"value\":\"info\",\"service\":\"web\",\"environment\":\"production\"}").status())
                .isEqualTo(200);

        JsonNode all = server.get("/api/v1/apps/shop/env-vars", viewer).json().get("envVars");
        assertThat(all).hasSize(2);
        JsonNode web = server.get("/api/v1/apps/shop/env-vars?service=web", viewer).json().get("envVars");
        assertThat(web).hasSize(1);
        assertThat(web.get(0).get("environment").asText()).isEqualTo("production");
        assertThat(web.get(0).get("value").asText()).isEqualTo("info");

        assertThat(server.send("DELETE", "/api/v1/apps/shop/env-vars/LOG_LEVEL", deployer, null).status()).isEqualTo(204);
        JsonNode left = server.get("/api/v1/apps/shop/env-vars", viewer).json().get("envVars");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("service").asText()).isEqualTo("web");
        TestServer.Response again = server.send("DELETE", "/api/v1/apps/shop/env-vars/LOG_LEVEL", deployer, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("message").asText())
                .isEqualTo("env var 'LOG_LEVEL' is not set (application level, every environment) on application 'shop'");
    }

    @Test
    void historyListsEveryChangeNewestFirst() {
        put("LOG_LEVEL", "{\"value\":\"debug\"}");
        put("LOG_LEVEL", "{\"value\":\"info\"}");
        server.send("DELETE", "/api/v1/apps/shop/env-vars/LOG_LEVEL", deployer, null);
        JsonNode changes = server.get("/api/v1/apps/shop/env-vars/LOG_LEVEL/history", viewer).json().get("changes");
        assertThat(changes).extracting(c -> c.get("action").asText()).containsExactly("unset", "set", "set");
        assertThat(changes.get(1).get("value").asText()).isEqualTo("info");
        assertThat(changes.get(2).get("value").asText()).isEqualTo("debug");
        assertThat(changes.get(0).get("by").asText()).isEqualTo("dora");
    }

    @Test
    void aSecretIsEncryptedAtRestNeverAnsweredNorAuditedAndStaysSecretWhenSetAgain() throws IOException {
        assertThat(put("DB_PASSWORD", "{\"value\":\"" + SECRET + "\",\"secret\":true}").status()).isEqualTo(200);
        assertThat(put("DB_PASSWORD", "{\"value\":\"" + SECRET + "-2\"}").status()).isEqualTo(200);

        TestServer.Response list = server.get("/api/v1/apps/shop/env-vars", server.adminToken);
        assertThat(list.body()).doesNotContain(SECRET);
        assertThat(list.json().at("/envVars/0/secret").asBoolean()).isTrue();
        assertThat(list.json().at("/envVars/0/value").isNull()).isTrue();
        TestServer.Response history = server.get("/api/v1/apps/shop/env-vars/DB_PASSWORD/history", viewer);
        assertThat(history.body()).doesNotContain(SECRET);
        assertThat(history.json().get("changes")).allSatisfy(c -> assertThat(c.get("secret").asBoolean()).isTrue());

        assertThat(server.server.store().audit().recent(50)).allSatisfy(e -> assertThat(e.detail()).doesNotContain(SECRET));
        server.close();
        try (Stream<Path> files = Files.list(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(SECRET);
            }
        }
        server = TestServer.start(home);
        assertThat(new EnvVarValues(server.server.store()).forService("shop", "web", "production"))
                .containsEntry("DB_PASSWORD", SECRET + "-2");
    }

    @Test
    void onlyAnAdminRevealsSecretsAndTheRevealIsAudited() {
        put("DB_PASSWORD", "{\"value\":\"" + SECRET + "\",\"secret\":true}");
        TestServer.Response denied = server.get("/api/v1/apps/shop/env-vars?reveal=true", deployer);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).doesNotContain(SECRET);

        TestServer.Response revealed = server.get("/api/v1/apps/shop/env-vars?reveal=true", server.adminToken);
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.json().at("/envVars/0/value").asText()).isEqualTo(SECRET);
        List<AuditEntry> audit = server.server.store().audit().recent(5);
        assertThat(audit.getFirst().action()).isEqualTo("env-var.reveal");
        assertThat(audit.getFirst().actor()).isEqualTo("admin");
        assertThat(audit.getFirst().detail()).contains("DB_PASSWORD").doesNotContain(SECRET);
    }

    @Test
    void settingASecretPlainWithSecretFalseRemovesTheStoredSecret() {
        put("TOKEN", "{\"value\":\"" + SECRET + "\",\"secret\":true}");
        assertThat(server.server.store().secrets().names("shop", "env")).containsExactly("TOKEN");
        assertThat(put("TOKEN", "{\"value\":\"public\",\"secret\":false}").json().get("value").asText()).isEqualTo("public");
        assertThat(server.server.store().secrets().names("shop", "env")).isEmpty();
    }

    @Test
    void moreSpecificScopesWinWhenValuesAreResolved() {
        put("A", "{\"value\":\"app\"}");
        put("A", "{\"value\":\"app-prod\",\"environment\":\"production\"}");
        put("B", "{\"value\":\"app\"}");
        put("B", "{\"value\":\"web\",\"service\":\"web\"}");
        put("C", "{\"value\":\"worker\",\"service\":\"worker\"}");
        EnvVarValues values = new EnvVarValues(server.server.store());
        assertThat(values.forService("shop", "web", "production")).isEqualTo(Map.of("A", "app-prod", "B", "web"));
        assertThat(values.forService("shop", "web", "staging")).isEqualTo(Map.of("A", "app", "B", "web"));
    }

    @Test
    void badInputIsRefusedWithTheFieldNamedAndChangesNothing() {
        TestServer.Response badName = put("1BAD", "{\"value\":\"x\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("message").asText()).startsWith("name: expected an env var name");
        assertThat(put("OK", "{\"value\":\"x\",\"service\":\"Web Server\"}").status()).isEqualTo(400);
        assertThat(put("OK", "{\"value\":42}").json().get("message").asText()).isEqualTo("value: expected a string, got number");
        assertThat(put("OK", "{}").status()).isEqualTo(400);
        assertThat(server.send("PUT", "/api/v1/apps/nope/env-vars/OK", deployer, "{\"value\":\"x\"}").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/apps/shop/env-vars", viewer).json().get("envVars")).isEmpty();
        assertThat(server.server.store().audit().recent(50)).noneMatch(e -> e.action().startsWith("env-var."));
    }

    @Test
    void mutationsAreAuditedWithScopeButNoValue() {
        put("LOG_LEVEL", "{\"value\":\"debug-value\",\"service\":\"web\"}");
        server.send("DELETE", "/api/v1/apps/shop/env-vars/LOG_LEVEL?service=web", deployer, null);
        List<AuditEntry> audit = server.server.store().audit().recent(2);
        assertThat(audit.get(1).action()).isEqualTo("env-var.set");
        assertThat(audit.get(1).target()).isEqualTo("shop");
        assertThat(audit.get(1).detail()).isEqualTo("LOG_LEVEL (service web, every environment): plain value");
        assertThat(audit.get(0).action()).isEqualTo("env-var.unset");
        assertThat(audit).allSatisfy(e -> assertThat(e.detail()).doesNotContain("debug-value"));
    }

    @Test
    void everyEnvRouteAnswers401WithoutATokenAnd403BelowItsRole() {
        String[][] routes = {
            {"GET", "/api/v1/apps/shop/env-vars"}, {"PUT", "/api/v1/apps/shop/env-vars/A"},
            {"DELETE", "/api/v1/apps/shop/env-vars/A"}, {"GET", "/api/v1/apps/shop/env-vars/A/history"}};
        for (String[] route : routes) {
            assertThat(server.send(route[0], route[1], null, "{\"value\":\"x\"}").status()).as(route[1]).isEqualTo(401);
        }
        assertThat(server.send("PUT", routes[1][1], viewer, "{\"value\":\"x\"}").status()).isEqualTo(403);
        assertThat(server.send("DELETE", routes[2][1], viewer, null).status()).isEqualTo(403);
        assertThat(server.get(routes[0][1], viewer).status()).isEqualTo(200);
        assertThat(server.get(routes[3][1], viewer).status()).isEqualTo(200);
        assertThat(server.server.store().envVars().currentAll("shop")).isEmpty();
    }
}
