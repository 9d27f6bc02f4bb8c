package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The USERS routes: /me, users, tokens (admin or owner) and the audit log, with their audit entries. */
class UsersIT {

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
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void meAnswersTheTokensUserAndRole() {
        JsonNode me = server.get("/api/v1/me", viewer).json();
        assertThat(me.get("name").asText()).isEqualTo("vera");
        assertThat(me.get("role").asText()).isEqualTo("viewer");
        assertThat(server.get("/api/v1/me", server.adminToken).json().get("role").asText()).isEqualTo("admin");
        assertThat(server.get("/api/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void anAdminCreatesAUserChangesTheRoleAndBothAreAudited() {
        TestServer.Response created = server.post("/api/v1/users", server.adminToken, Map.of("name", "carl", "role", "viewer"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo("viewer");

        TestServer.Response changed = server.send("PUT", "/api/v1/users/carl", server.adminToken, "{\"role\":\"deployer\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(server.server.store().users().require("carl").role()).isEqualTo(Role.DEPLOYER);

        JsonNode users = server.get("/api/v1/users", server.adminToken).json().get("users");
        assertThat(users).extracting(u -> u.get("name").asText()).containsExactly("admin", "carl", "dora", "vera");

        List<AuditEntry> audit = server.server.store().audit().recent(10);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("user.create");
            assertThat(e.target()).isEqualTo("carl");
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.sourceAddress()).isNotBlank();
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("user.role");
            assertThat(e.detail()).isEqualTo("viewer -> deployer");
        });
    }

    @Test
    void badNamesRolesAndDuplicatesAreRefusedAndChangeNothing() {
        assertThat(server.post("/api/v1/users", server.adminToken, Map.of("name", "Bad Name", "role", "viewer")).status())
                .isEqualTo(400);
        TestServer.Response role = server.post("/api/v1/users", server.adminToken, Map.of("name", "carl", "role", "boss"));
        assertThat(role.status()).isEqualTo(400);
        assertThat(role.json().get("message").asText()).isEqualTo("role: expected viewer, deployer or admin, got 'boss'");
        assertThat(server.post("/api/v1/users", server.adminToken, Map.of("name", "vera", "role", "admin")).status())
                .isEqualTo(409);
        assertThat(server.send("PUT", "/api/v1/users/nobody", server.adminToken, "{\"role\":\"viewer\"}").status())
                .isEqualTo(404);
        assertThat(server.server.store().users().list()).hasSize(3);
        assertThat(server.server.store().users().require("vera").role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void theOnlyAdminCannotBeDemoted() {
        TestServer.Response response = server.send("PUT", "/api/v1/users/admin", server.adminToken, "{\"role\":\"viewer\"}");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("message").asText()).contains("only admin");
        assertThat(server.server.store().users().require("admin").role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aUserCreatesListsAndRevokesTheirOwnTokensAndTheNewTokenWorks() {
        TestServer.Response created = server.post("/api/v1/users/vera/tokens", viewer, Map.of("description", "laptop"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().get("token").asText();
        String prefix = created.json().get("prefix").asText();
        assertThat(token).startsWith(prefix);
        assertThat(server.get("/api/v1/me", token).json().get("name").asText()).isEqualTo("vera");

        JsonNode tokens = server.get("/api/v1/users/vera/tokens", viewer).json().get("tokens");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).get("prefix").asText()).isEqualTo(prefix);
        assertThat(tokens.get(0).get("description").asText()).isEqualTo("laptop");
        assertThat(tokens.toString()).doesNotContain(token);

        assertThat(server.send("DELETE", "/api/v1/tokens/" + prefix, viewer, null).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/me", token).status()).isEqualTo(401);
        assertThat(server.send("DELETE", "/api/v1/tokens/" + prefix, viewer, null).status()).isEqualTo(404);

        List<AuditEntry> audit = server.server.store().audit().recent(10);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("token.create");
            assertThat(e.detail()).isEqualTo("prefix " + prefix + ": laptop");
        });
        assertThat(audit).anySatisfy(e -> assertThat(e.action()).isEqualTo("token.revoke"));
        assertThat(audit).noneSatisfy(e -> assertThat(e.detail()).contains(token));
    }

    @Test
    void aNonAdminCannotTouchAnotherUsersTokens() {
        String deployerPrefix = server.server.store().tokens().list("dora").getFirst().prefix();
        TestServer.Response create = server.post("/api/v1/users/dora/tokens", viewer, Map.of());
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("message").asText()).isEqualTo("this needs the role admin or to be user 'dora', user 'vera' has viewer");
        assertThat(server.get("/api/v1/users/dora/tokens", viewer).status()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/v1/tokens/" + deployerPrefix, viewer, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/me", deployer).status()).isEqualTo(200);
        assertThat(server.server.store().tokens().list("dora")).hasSize(1);
    }

    @Test
    void anAdminManagesAnyUsersTokens() {
        TestServer.Response created = server.post("/api/v1/users/dora/tokens", server.adminToken, Map.of("description", "ci"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(server.get("/api/v1/users/dora/tokens", server.adminToken).json().get("tokens")).hasSize(2);
        String prefix = created.json().get("prefix").asText();
        assertThat(server.send("DELETE", "/api/v1/tokens/" + prefix, server.adminToken, null).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/me", created.json().get("token").asText()).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/users/nobody/tokens", server.adminToken).status()).isEqualTo(404);
    }

    @Test
    void theAuditLogIsForAdminsNewestFirstAndLimited() {
        server.post("/api/v1/users", server.adminToken, Map.of("name", "carl", "role", "viewer"));
        server.post("/api/v1/users", server.adminToken, Map.of("name", "cleo", "role", "viewer"));
        JsonNode entries = server.get("/api/v1/audit?limit=2", server.adminToken).json().get("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("target").asText()).isEqualTo("cleo");
        assertThat(entries.get(1).get("target").asText()).isEqualTo("carl");
        assertThat(server.get("/api/v1/audit?limit=0", server.adminToken).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/audit", deployer).status()).isEqualTo(403);
    }

    @Test
    void everyUsersRouteAnswers401WithoutATokenAnd403BelowItsRole() {
        String[][] routes = {
            {"GET", "/api/v1/me"}, {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"}, {"PUT", "/api/v1/users/vera"},
            {"POST", "/api/v1/users/vera/tokens"}, {"GET", "/api/v1/users/vera/tokens"},
            {"DELETE", "/api/v1/tokens/maestro_abcdefgh"}, {"GET", "/api/v1/audit"}};
        for (String[] route : routes) {
            assertThat(server.send(route[0], route[1], null, "{}").status()).as(route[0] + " " + route[1]).isEqualTo(401);
        }
        for (String[] route : new String[][] {routes[1], routes[2], routes[3], routes[7]}) {
            TestServer.Response response = server.send(route[0], route[1], deployer, "{\"name\":\"x\",\"role\":\"admin\"}");
            assertThat(response.status()).as(route[0] + " " + route[1]).isEqualTo(403);
        }
        assertThat(server.server.store().users().require("vera").role()).isEqualTo(Role.VIEWER);
        assertThat(server.server.store().users().find("x")).isEmpty();
    }
}
