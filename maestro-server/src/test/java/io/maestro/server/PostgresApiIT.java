package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.store.auth.Role;
import io.maestro.store.testing.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same API over a real PostgreSQL (started by the store's test harness). */
class PostgresApiIT {

    @TempDir
    Path home;

    String url;

    @BeforeEach
    void createDatabase() {
        url = PostgresServer.get().createDatabase();
    }

    @AfterEach
    void dropDatabase() {
        PostgresServer.get().dropDatabase(url);
    }

    private String urlWithUser() {
        return url + "?user=" + PostgresServer.get().user();
    }

    @Test
    void firstStartTokenApplicationsVersionsDiffAndAuditWorkOnPostgresql() {
        String token;
        try (TestServer server = TestServer.start(home, urlWithUser())) {
            token = server.adminToken;
            assertThat(token).startsWith("maestro_");
            String viewer = server.tokenFor("vera", Role.VIEWER);

            assertThat(server.post("/api/v1/apps", token,
                    TestServer.app("shop", Fixtures.INVALID_SERVICE_YML, null, "broken")).status()).isEqualTo(422);
            assertThat(server.get("/api/v1/apps", token).json().get("applications")).isEmpty();

            assertThat(server.post("/api/v1/apps", token,
                    TestServer.app("shop", Fixtures.SERVICE_YML, Fixtures.MANIFEST_YML, "first")).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/apps/shop/versions", viewer,
                    Map.of("serviceYml", Fixtures.SERVICE_YML_V2, "comment", "web 1.1")).status()).isEqualTo(403);
            assertThat(server.post("/api/v1/apps/shop/versions", token,
                    Map.of("serviceYml", Fixtures.SERVICE_YML_V2, "comment", "web 1.1")).status()).isEqualTo(201);

            String diff = server.get("/api/v1/apps/shop/versions/1/diff/2", viewer).json().get("diff").asText();
            assertThat(diff).contains("+    image: acme/web:1.1").contains("-production:");
            assertThat(server.server.store().audit().forTarget("shop", 10))
                    .extracting(e -> e.action()).containsExactly("application.version.add", "application.create");
        }
        try (TestServer again = TestServer.start(home, urlWithUser())) {
            assertThat(again.printed).isEmpty();
            assertThat(again.get("/api/v1/apps/shop/versions", token).json().get("versions")).hasSize(2);
        }
    }
}
