package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SERVERS routes on a real server, with this host as a local server and a real sshd. */
class ServersIT {

    @TempDir
    static Path home;

    static TestServer server;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        admin = server.adminToken;
        viewer = server.tokenFor("vic", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thisHostRegistersAsALocalServerWithItsFacts() {
        TestServer.Response created = server.post("/api/v1/servers", admin, Map.of("name", "here", "local", true));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode facts = created.json().get("facts");
        assertThat(created.json().get("address").asText()).isEqualTo("local");
        assertThat(facts.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.get("packageManager").asText()).isEqualTo("dpkg");
        assertThat(facts.get("packages").has("openssh-server")).isTrue();

        JsonNode listed = server.get("/api/v1/servers", viewer).json().get("servers");
        JsonNode here = find(listed, "here");
        assertThat(here.get("facts").has("packages")).as("lists leave out the package list").isFalse();
        assertThat(here.get("facts").get("packageCount").asInt()).isEqualTo(facts.get("packages").size());
        assertThat(server.get("/api/v1/servers/here", viewer).json().get("facts").get("packages").size())
                .isEqualTo(facts.get("packages").size());
        assertThat(auditOf("here")).extracting(AuditEntry::action).contains("server.add");
    }

    @Test
    void execRunsTheArgvAndIsAuditedWithoutItsOutput() {
        server.post("/api/v1/servers", admin, Map.of("name", "runner", "local", true));
        TestServer.Response ran = server.post("/api/v1/servers/runner/exec", admin,
                Map.of("argv", List.of("sh", "-c", "expr 1000 + 234; expr 2000 + 1 >&2; exit 4")));

        assertThat(ran.status()).as(ran.toString()).isEqualTo(200);
        assertThat(ran.json().get("exitCode").asInt()).isEqualTo(4);
        assertThat(ran.json().get("stdout").asText()).isEqualTo("1234\n");
        assertThat(ran.json().get("stderr").asText()).isEqualTo("2001\n");
        AuditEntry audit = auditOf("runner").stream().filter(a -> a.action().equals("server.exec")).findFirst().orElseThrow();
        assertThat(audit.detail()).contains("exited 4").doesNotContain("1234").doesNotContain("2001");
        TestServer.Response quoted = server.post("/api/v1/servers/runner/exec", admin,
                Map.of("argv", List.of("printf", "%s", "a $x 'q' ; b")));
        assertThat(quoted.json().get("stdout").asText()).isEqualTo("a $x 'q' ; b");
        assertThat(audit.actor()).isEqualTo("admin");

        assertThat(server.post("/api/v1/servers/runner/exec", admin, Map.of("argv", List.of())).status()).isEqualTo(400);
        assertThat(server.post("/api/v1/servers/nowhere/exec", admin, Map.of("argv", List.of("true"))).status()).isEqualTo(404);
    }

    @Test
    void badRegistrationsChangeNothing() {
        server.post("/api/v1/servers", admin, Map.of("name", "taken", "local", true));
        assertThat(server.post("/api/v1/servers", admin, Map.of("name", "taken", "local", true)).status()).isEqualTo(409);
        assertThat(server.post("/api/v1/servers", admin, Map.of("name", "Bad_Name", "local", true)).status()).isEqualTo(400);
        assertThat(server.post("/api/v1/servers", admin, Map.of("name", "both", "local", true, "ssh", "root@h")).status())
                .isEqualTo(400);
        TestServer.Response badAddress = server.post("/api/v1/servers", admin, Map.of("name", "addr", "ssh", "no-user-here",
                "privateKey", "x"));
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.json().get("message").asText()).contains("expected user@host[:port]");
        assertThat(server.get("/api/v1/servers/both", viewer).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/servers/addr", viewer).status()).isEqualTo(404);
    }

    @Test
    void removingAServerIsAuditedAndThenItIsGone() {
        server.post("/api/v1/servers", admin, Map.of("name", "gone", "local", true));
        assertThat(server.send("DELETE", "/api/v1/servers/gone", admin, null).status()).isEqualTo(204);
        assertThat(server.send("DELETE", "/api/v1/servers/gone", admin, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/servers/gone", viewer).status()).isEqualTo(404);
        assertThat(auditOf("gone")).extracting(AuditEntry::action).contains("server.remove");
    }

    @Test
    void anSshServerIsRegisteredOnlyWithATrustedHostKeyAndKeepsIt() {
        try (TestSshd sshd = TestSshd.start()) {
            Map<String, Object> untrusted = ssh("far", sshd, sshd.clientKey());
            TestServer.Response refused = server.post("/api/v1/servers", admin, untrusted);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("error").asText()).isEqualTo("host_key_rejected");
            assertThat(refused.json().get("message").asText()).contains(sshd.hostKeyFingerprint());
            assertThat(server.get("/api/v1/servers/far", viewer).status()).isEqualTo(404);

            TestServer.Response wrongKey = server.post("/api/v1/servers", admin, with(ssh("far", sshd, sshd.otherClientKey()),
                    "knownHosts", sshd.knownHostsLine()));
            assertThat(wrongKey.status()).as(wrongKey.toString()).isEqualTo(502);
            assertThat(wrongKey.json().get("message").asText()).contains("refused the private key");
            assertThat(server.get("/api/v1/servers/far", viewer).status()).isEqualTo(404);

            TestServer.Response added = server.post("/api/v1/servers", admin, with(untrusted, "trustNewHostKey", true));
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            assertThat(added.json().get("hostKeys").get(0).asText()).isEqualTo(sshd.hostKeyFingerprint());
            assertThat(added.json().get("address").asText()).isEqualTo(sshd.address());
            assertThat(added.body()).doesNotContain("PRIVATE KEY");
            assertThat(server.get("/api/v1/servers/far", viewer).body()).doesNotContain("PRIVATE KEY");

            TestServer.Response ran = server.post("/api/v1/servers/far/exec", admin, Map.of("argv", List.of("echo", "$HOME;")));
            assertThat(ran.json().get("stdout").asText()).isEqualTo("$HOME;\n");

            String recorded = sshd.hostKeyFingerprint();
            sshd.restartWithNewHostKey();
            TestServer.Response changed = server.post("/api/v1/servers/far/exec", admin, Map.of("argv", List.of("true")));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(422);
            assertThat(changed.json().get("message").asText()).contains("HOST KEY CHANGED", recorded, sshd.hostKeyFingerprint());
        }
    }

    @Test
    void anUnreachableServerIsNotRegistered() {
        String address;
        Map<String, Object> body;
        try (TestSshd sshd = TestSshd.start()) {
            body = with(ssh("down", sshd, sshd.clientKey()), "knownHosts", sshd.knownHostsLine());
        }
        TestServer.Response refused = server.post("/api/v1/servers", admin, body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
        assertThat(refused.json().get("message").asText()).contains("cannot connect");
        assertThat(server.get("/api/v1/servers/down", viewer).status()).isEqualTo(404);
    }

    private static Map<String, Object> ssh(String name, TestSshd sshd, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("ssh", sshd.address());
        body.put("privateKey", key);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private static JsonNode find(JsonNode servers, String name) {
        for (JsonNode s : servers) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no server " + name + " in " + servers);
    }

    private static List<AuditEntry> auditOf(String target) {
        return server.server.store().audit().forTarget(target, 10);
    }
}
