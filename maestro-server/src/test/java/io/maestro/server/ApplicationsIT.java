package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationsIT {

    @TempDir
    Path home;

    TestServer server;
    String deployer;

    @BeforeEach
    void start() {
        server = TestServer.start(home);
        deployer = server.tokenFor("dora", Role.DEPLOYER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsAValidApplicationWithVersionOne() {
        TestServer.Response created = server.post("/api/v1/apps", deployer,
                TestServer.app("shop", Fixtures.SERVICE_YML, Fixtures.MANIFEST_YML, "first"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.at("/application/name").asText()).isEqualTo("shop");
        assertThat(body.at("/application/latestVersion").asInt()).isEqualTo(1);
        assertThat(body.at("/version/version").asInt()).isEqualTo(1);
        assertThat(body.at("/version/author").asText()).isEqualTo("dora");
        assertThat(body.at("/version/comment").asText()).isEqualTo("first");

        assertThat(server.get("/api/v1/apps/shop/versions/1", deployer).json().at("/files/manifest.yml").asText())
                .isEqualTo(Fixtures.MANIFEST_YML);
        JsonNode list = server.get("/api/v1/apps", deployer).json();
        assertThat(list.at("/applications/0/name").asText()).isEqualTo("shop");
        JsonNode shown = server.get("/api/v1/apps/shop", deployer).json();
        assertThat(shown.at("/latest/version").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidCreateAnswers422WithEveryErrorAndStoresNothing() {
        TestServer.Response response = server.post("/api/v1/apps", deployer,
                TestServer.app("shop", Fixtures.INVALID_SERVICE_YML, null, "broken"));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.get("file").asText()).isEqualTo("service.yml");
            assertThat(e.get("line").asInt()).isEqualTo(4);
            assertThat(e.get("column").asInt()).isPositive();
            assertThat(e.get("keyPath").asText()).isEqualTo("services.web.imgae");
            assertThat(e.get("hint").asText()).contains("image");
        });
        assertThat(errors).anySatisfy(e -> assertThat(e.get("keyPath").asText())
                .isEqualTo("services.web.ports[0].container"));
        assertThat(response.json().get("warnings").isArray()).isTrue();

        assertThat(server.get("/api/v1/apps", deployer).json().get("applications")).isEmpty();
        assertThat(server.get("/api/v1/apps/shop", deployer).status()).isEqualTo(404);
        assertThat(server.server.store().audit().recent(50))
                .noneMatch(e -> e.action().startsWith("application."));
    }

    @Test
    void anInvalidNewVersionStoresNothing() {
        server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "first"));

        TestServer.Response response = server.post("/api/v1/apps/shop/versions", deployer,
                Map.of("serviceYml", Fixtures.SERVICE_YML, "manifestYml", "production: [oops\n", "comment", "bad"));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().at("/errors/0/file").asText()).isEqualTo("manifest.yml");
        assertThat(server.get("/api/v1/apps/shop/versions", deployer).json().get("versions")).hasSize(1);
        assertThat(server.get("/api/v1/apps/shop", deployer).json().get("latestVersion").asInt()).isEqualTo(1);
    }

    @Test
    void uploadsListsDownloadsAndDiffsVersions() {
        server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "first"));
        TestServer.Response second = server.post("/api/v1/apps/shop/versions", deployer,
                Map.of("serviceYml", Fixtures.SERVICE_YML_V2, "comment", "web 1.1"));
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().at("/version/version").asInt()).isEqualTo(2);

        JsonNode versions = server.get("/api/v1/apps/shop/versions", deployer).json().get("versions");
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(versions).extracting(v -> v.get("comment").asText()).containsExactly("web 1.1", "first");

        JsonNode one = server.get("/api/v1/apps/shop/versions/1", deployer).json();
        assertThat(one.at("/files/service.yml").asText()).isEqualTo(Fixtures.SERVICE_YML);
        assertThat(one.get("files").has("manifest.yml")).isFalse();

        String diff = server.get("/api/v1/apps/shop/versions/1/diff/2", deployer).json().get("diff").asText();
        assertThat(diff).contains("--- v1/service.yml", "+++ v2/service.yml",
                "-    image: acme/web:1.0", "+    image: acme/web:1.1");
        assertThat(diff).doesNotContain("manifest.yml");
        assertThat(server.get("/api/v1/apps/shop/versions/2/diff/2", deployer).json().get("diff").asText()).isEmpty();
    }

    @Test
    void everyMutationIsAudited() {
        server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "first"));
        server.post("/api/v1/apps/shop/versions", deployer, Map.of("serviceYml", Fixtures.SERVICE_YML_V2, "comment", "web 1.1"));

        assertThat(server.server.store().audit().forTarget("shop", 10))
                .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dora", "application.version.add", "version 2: web 1.1"),
                        org.assertj.core.groups.Tuple.tuple("dora", "application.create", "version 1: first"));
        assertThat(server.server.store().audit().forTarget("shop", 10))
                .allSatisfy(e -> assertThat(e.sourceAddress()).isEqualTo("127.0.0.1"));
    }

    @Test
    void anOversizedUploadIsRefusedWithJsonAndStoresNothing() {
        String huge = Fixtures.SERVICE_YML + "#" + "x".repeat(2_000_000) + "\n";
        TestServer.Response response = server.post("/api/v1/apps", deployer, TestServer.app("shop", huge, null, "big"));
        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(server.server.store().applications().list()).isEmpty();
    }

    @Test
    void badRequestsAnswerJsonErrorsWithoutStackTraces() {
        TestServer.Response malformed = server.send("POST", "/api/v1/apps", deployer, "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(malformed.body()).doesNotContain("Exception", "\tat ");

        TestServer.Response badName = server.post("/api/v1/apps", deployer, TestServer.app("Shop_1", Fixtures.SERVICE_YML, null, null));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("message").asText()).startsWith("name: expected").endsWith("got 'Shop_1'");

        server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "first"));
        TestServer.Response duplicate = server.post("/api/v1/apps", deployer, TestServer.app("shop", Fixtures.SERVICE_YML, null, "again"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("error").asText()).isEqualTo("conflict");

        TestServer.Response noComment = server.post("/api/v1/apps/shop/versions", deployer, Map.of("serviceYml", Fixtures.SERVICE_YML_V2));
        assertThat(noComment.status()).isEqualTo(400);
        assertThat(noComment.json().get("message").asText()).isEqualTo("comment: expected a string, got nothing");

        assertThat(server.get("/api/v1/apps/shop/versions/x", deployer).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/apps/shop/versions/9", deployer).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/apps/shop/versions", deployer).json().get("versions")).hasSize(1);
    }
}
