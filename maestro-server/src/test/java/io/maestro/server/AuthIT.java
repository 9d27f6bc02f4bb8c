package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.store.auth.Role;
import io.maestro.store.cluster.NewCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 401 without or with a bad token, 403 under the route's role: on every registered API route.
 * The dashboard's routes (cookie sessions) are checked by {@code DashboardAccessIT}.
 */
class AuthIT {

    @TempDir
    static Path home;

    static TestServer server;
    static String viewer;
    static String deployer;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        viewer = server.tokenFor("vera", Role.VIEWER);
        deployer = server.tokenFor("dora", Role.DEPLOYER);
        assertThat(server.post("/api/v1/apps", deployer,
                TestServer.app("shop", Fixtures.SERVICE_YML, null, "first")).status()).isEqualTo(201);
        // A finished deployment, so that /deployments/{id} (and its event stream) exist for viewers.
        var store = server.server.store();
        deploymentId = store.inTransaction(() -> {
            long id = store.deployments().enqueue("shop", "production", 1, "dora").id();
            store.deployments().finish(id, io.maestro.store.deploy.DeploymentStatus.FAILED, "test fixture");
            return id;
        });
        // Stored directly: adding through the API would need a reachable cluster. Showing this one
        // answers 200 with the reason it cannot be reached.
        server.server.store().clusters().add(new NewCluster("prod", "elsewhere", "http://127.0.0.1:1",
                ClustersIT.kubeconfig("http://127.0.0.1:1"), "admin"));
        assertThat(server.post("/api/v1/servers", server.adminToken,
                java.util.Map.of("name", "vera", "local", true)).status()).as("a server for {name}").isEqualTo(201);
        // A finished build, so that /builds/{build} (and its event stream) exist for viewers.
        buildId = store.builds().enqueue(new io.maestro.store.build.NewBuild("default", "shop", "web",
                io.maestro.store.build.BuildKind.BUILD, "https://git.example/shop.git", "main", "dora")).id();
        store.builds().stop(buildId, io.maestro.store.build.BuildStatus.FAILED, "test fixture");
    }

    static long buildId;

    static long deploymentId;

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The route's path with its parameters filled so that the resource exists. */
    static String concrete(RouteInfo route) {
        return route.path().replace("{app}", "shop").replace("{version}", "1")
                .replace("{from}", "1").replace("{to}", "1")
                .replace("{id}", String.valueOf(deploymentId)).replace("{env}", "production").replace("{service}", "web")
                .replace("{build}", String.valueOf(buildId)).replace("{host}", "registry.example")
                .replace("{name}", "vera").replace("{cluster}", "prod").replace("{prefix}", "maestro_nothing0").replace("{target}", "shop");
    }

    static List<RouteInfo> routes() {
        List<RouteInfo> routes = server.server.routes().stream().filter(RouteInfo::api).toList();
        assertThat(routes).as("registered routes").hasSizeGreaterThanOrEqualTo(8);
        return routes;
    }

    @Test
    void everyRouteCarriesAnAccessLevel() {
        assertThat(routes()).allSatisfy(route -> assertThat(route.access()).as(route.toString()).isNotNull());
    }

    @Test
    void everyRouteAnswers401WithoutAToken() {
        for (RouteInfo route : routes()) {
            TestServer.Response response = server.send(route.method(), concrete(route), null, "{}");
            assertThat(response.status()).as(route + " -> " + response).isEqualTo(401);
            assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void everyRouteAnswers401WithAnUnknownOrMalformedToken() {
        String unknown = "maestro_" + "A".repeat(43);
        for (RouteInfo route : routes()) {
            for (String token : List.of(unknown, "not-a-token", viewer + "x")) {
                TestServer.Response response = server.send(route.method(), concrete(route), token, "{}");
                assertThat(response.status()).as(route + " with " + token + " -> " + response).isEqualTo(401);
            }
        }
    }

    @Test
    void everyRouteAboveViewerAnswers403ToAViewerAndNothingChanges() {
        List<RouteInfo> guarded = routes().stream().filter(r -> r.access() != Access.VIEWER).toList();
        assertThat(guarded).as("routes needing more than viewer").isNotEmpty();
        for (RouteInfo route : guarded) {
            TestServer.Response response = server.send(route.method(), concrete(route), viewer,
                    "{\"name\":\"other\",\"serviceYml\":\"version: 2\\nservices: {}\\n\",\"comment\":\"x\"}");
            assertThat(response.status()).as(route + " -> " + response).isEqualTo(403);
            assertThat(response.json().get("error").asText()).isEqualTo("forbidden");
        }
        assertThat(server.server.store().applications().list()).extracting(a -> a.name()).containsExactly("shop");
        assertThat(server.server.store().versions().list("shop")).hasSize(1);
    }

    @Test
    void everyViewerRouteIsOpenToAViewer() {
        // Reads only: viewer mutations (a viewer's own tokens) are covered by their route group's IT.
        for (RouteInfo route : routes().stream().filter(r -> r.access() == Access.VIEWER && r.method().equals("GET")).toList()) {
            TestServer.Response response = server.get(concrete(route), viewer);
            assertThat(response.status()).as(route + " -> " + response).isEqualTo(200);
        }
    }

    @Test
    void aRevokedTokenNoLongerAuthenticates() {
        String token = server.tokenFor("rita", Role.ADMIN);
        assertThat(server.get("/api/v1/apps", token).status()).isEqualTo(200);
        long id = server.server.store().tokens().list("rita").getFirst().id();
        assertThat(server.server.store().tokens().revoke(id)).isTrue();
        assertThat(server.get("/api/v1/apps", token).status()).isEqualTo(401);
    }

    @Test
    void unknownPathsNeedAuthenticationToo() {
        assertThat(server.get("/api/v1/nothing-here", null).status()).isEqualTo(401);
        TestServer.Response authenticated = server.get("/api/v1/nothing-here", viewer);
        assertThat(authenticated.status()).isEqualTo(404);
        assertThat(authenticated.json().get("error").asText()).isEqualTo("not_found");
    }
}
