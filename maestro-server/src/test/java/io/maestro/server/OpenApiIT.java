package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document describes the REST API: every route under {@code /api/}. The dashboard's
 * HTML pages (cookie sessions, forms, redirects) are not API routes and are not in it; their
 * access is checked by {@code DashboardAccessIT}.
 */
class OpenApiIT {

    @TempDir
    Path home;

    @Test
    void theDocumentDescribesExactlyTheRegisteredRoutesWithTheirRoles() {
        try (TestServer server = TestServer.start(home)) {
            TestServer.Response response = server.get("/api/openapi.json", server.adminToken);
            assertThat(response.status()).isEqualTo(200);
            JsonNode paths = response.json().get("paths");

            List<String> documented = new ArrayList<>();
            paths.properties().forEach(path -> path.getValue().properties()
                    .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
            List<RouteInfo> apiRoutes = server.server.routes().stream().filter(RouteInfo::api).toList();
            List<String> registered = apiRoutes.stream().map(r -> r.method() + " " + r.path()).toList();
            assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);

            for (RouteInfo route : apiRoutes) {
                JsonNode operation = paths.get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
                assertThat(operation.get("x-maestro-role").asText()).as(route.toString())
                        .isEqualTo(route.access().name().toLowerCase(Locale.ROOT));
                assertThat(operation.get("responses").has("401")).as(route.toString()).isTrue();
            }
        }
    }
}
