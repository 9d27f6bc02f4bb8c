package io.maestro.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.server.Access;
import io.maestro.server.RouteInfo;
import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's login, session cookie, CSRF checks and access rules, over plain HTTP against a
 * real server (no browser): every status, redirect and cookie flag as a browser receives them.
 */
class DashboardAccessIT {

    @TempDir
    static Path home;

    static DashboardServer server;
    static String viewerToken;
    static String deployerToken;

    @BeforeAll
    static void start() {
        server = DashboardServer.start(home);
        viewerToken = server.tokenFor("vera", Role.VIEWER);
        deployerToken = server.tokenFor("dora", Role.DEPLOYER);
        server.createApp("shop", "first", "<script>alert('x')</script> & more");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<RouteInfo> pageRoutes() {
        // Hook calls (outside /api/) authenticate with their own token or signature: HooksIT checks them.
        // The Prometheus scrape path takes a bearer token like the API: MetricsIT checks it.
        List<RouteInfo> pages = server.server.routes().stream().filter(route -> !route.api())
                .filter(route -> !io.maestro.server.hook.HookRoutes.isHookPath(route.path()))
                .filter(route -> !io.maestro.server.metrics.MetricsRoutes.isMetricsPath(route.path())).toList();
        assertThat(pages).as("dashboard routes").hasSizeGreaterThanOrEqualTo(9);
        return pages;
    }

    static String concrete(RouteInfo route) {
        return route.path().replace("{app}", "shop").replace("{id}", "1").replace("{build}", "1").replace("{file}", "dashboard.css");
    }

    @Test
    void everyDashboardRouteCarriesAnAccessLevelAndOnlyLoginAndAssetsAreOpen() {
        assertThat(pageRoutes()).allSatisfy(route -> assertThat(route.access()).as(route.toString()).isNotNull());
        assertThat(pageRoutes().stream().filter(r -> r.access() == Access.ANYONE).map(RouteInfo::path).distinct())
                .containsExactlyInAnyOrder("/login", "/static/{file}");
        assertThat(server.server.routes().stream().filter(RouteInfo::api))
                .noneMatch(route -> route.access() == Access.ANYONE);
    }

    @Test
    void everyClosedDashboardRouteRedirectsAGetToLoginAndAnswersAPost401WithoutASession() {
        for (String cookie : new String[] {null, "maestro_session=forged-or-expired"}) {
            for (RouteInfo route : pageRoutes().stream().filter(r -> r.access() != Access.ANYONE).toList()) {
                DashboardServer.Response response = server.send(route.method(), concrete(route), cookie, Map.of(), Map.of());
                if (route.method().equals("GET")) {
                    assertThat(response.status()).as(route + " -> " + response).isEqualTo(302);
                    assertThat(response.header("Location")).as(route.toString())
                            .hasValueSatisfying(location -> assertThat(location).startsWith("/login?next=%2F"));
                } else {
                    assertThat(response.status()).as(route + " -> " + response).isEqualTo(401);
                }
            }
        }
        assertThat(server.get("/no-such-page", null).status()).isEqualTo(302);
    }

    @Test
    void theLoginRedirectComesBackToTheRequestedPageButNeverToAnotherSite() {
        DashboardServer.Response redirect = server.get("/apps/shop?environment=staging", null);
        assertThat(redirect.header("Location")).hasValue("/login?next=%2Fapps%2Fshop%3Fenvironment%3Dstaging");
        assertThat(DashboardRoutes.safeNext("/apps/shop?environment=staging")).isEqualTo("/apps/shop?environment=staging");
        assertThat(DashboardRoutes.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(DashboardRoutes.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(DashboardRoutes.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(DashboardRoutes.safeNext("/login")).isEqualTo("/");
    }

    @Test
    void aGoodTokenOpensASessionWhoseCookieIsHttpOnlyStrictAndNotTheToken() {
        DashboardServer.Response form = server.get("/login", null);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.setCookie("maestro_login")).hasValueSatisfying(c -> assertThat(c)
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/login").doesNotContain("Secure"));

        DashboardServer.Response posted = server.post("/login", form.cookieHeader(),
                Map.of("csrf", form.csrf(), "token", viewerToken, "next", "/apps/shop"));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        assertThat(posted.header("Location")).hasValue("/apps/shop");
        String cookie = posted.setCookie("maestro_session").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        String id = cookie.split(";")[0].substring("maestro_session=".length());
        assertThat(id).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(viewerToken).doesNotContain(viewerToken.substring(0, 12));

        DashboardServer.Response page = server.get("/apps/shop", "maestro_session=" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("vera").doesNotContain(viewerToken);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void overHttpsTheCookiesAreSecure() {
        Map<String, String> https = Map.of("X-Forwarded-Proto", "https");
        DashboardServer.Response form = server.send("GET", "/login", null, null, https);
        assertThat(form.setCookie("maestro_login")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
        DashboardServer.Response posted = server.send("POST", "/login", form.cookieHeader(),
                Map.of("csrf", form.csrf(), "token", viewerToken), https);
        assertThat(posted.setCookie("maestro_session")).hasValueSatisfying(c -> assertThat(c)
                .contains("HttpOnly").contains("SameSite=Strict").contains("; Secure"));
    }

    @Test
    void aBadTokenIsRefusedWithoutASession() {
        DashboardServer.Response form = server.get("/login", null);
        for (String bad : List.of("maestro_" + "A".repeat(43), "not-a-token", viewerToken + "x", "")) {
            DashboardServer.Response posted = server.post("/login", form.cookieHeader(),
                    Map.of("csrf", form.csrf(), "token", bad));
            assertThat(posted.status()).as(bad).isEqualTo(401);
            assertThat(posted.setCookie("maestro_session")).as(bad).isEmpty();
            assertThat(posted.body()).contains("That token is unknown or revoked.");
        }
    }

    @Test
    void aLoginPostWithoutTheFormsNonceIsRefused() {
        DashboardServer.Response form = server.get("/login", null);
        DashboardServer.Response noCookie = server.post("/login", null, Map.of("csrf", form.csrf(), "token", viewerToken));
        assertThat(noCookie.status()).isEqualTo(403);
        assertThat(noCookie.setCookie("maestro_session")).isEmpty();
        DashboardServer.Response wrong = server.post("/login", form.cookieHeader(), Map.of("csrf", "guess", "token", viewerToken));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.setCookie("maestro_session")).isEmpty();
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        DashboardServer.Session dora = server.login(deployerToken);
        for (Map<String, String> form : List.<Map<String, String>>of(Map.of("environment", "production"),
                Map.of("environment", "production", "csrf", "wrong"),
                Map.of("environment", "production", "csrf", server.login(viewerToken).csrf()))) {
            assertThat(server.post("/apps/shop/deploy", dora.cookie(), form).status()).as(form.toString()).isEqualTo(403);
            assertThat(server.post("/apps/shop/rollback", dora.cookie(), form).status()).as(form.toString()).isEqualTo(403);
            assertThat(server.post("/logout", dora.cookie(), form).status()).as(form.toString()).isEqualTo(403);
        }
        assertThat(server.server.store().deployments().list("shop", 10)).isEmpty();
        assertThat(server.get("/", dora.cookie()).status()).as("still logged in").isEqualTo(200);
    }

    @Test
    void aViewerSeesNoDeployButtonAndIsRefusedWhenPostingAnyway() {
        DashboardServer.Session vera = server.login(viewerToken);
        DashboardServer.Response page = server.get("/apps/shop", vera.cookie());
        assertThat(page.body()).doesNotContain("id=\"deploy\"").doesNotContain("id=\"rollback\"");
        Map<String, String> form = Map.of("environment", "production", "csrf", vera.csrf());
        DashboardServer.Response deploy = server.post("/apps/shop/deploy", vera.cookie(), form);
        assertThat(deploy.status()).isEqualTo(403);
        assertThat(deploy.body()).contains("needs the role deployer");
        assertThat(server.post("/apps/shop/rollback", vera.cookie(), form).status()).isEqualTo(403);
        assertThat(server.server.store().deployments().list("shop", 10)).isEmpty();

        DashboardServer.Session dora = server.login(deployerToken);
        assertThat(server.get("/apps/shop", dora.cookie()).body()).contains("id=\"deploy\"").contains("id=\"rollback\"");
    }

    @Test
    void pagesEscapeWhatUsersWrote() {
        DashboardServer.Session vera = server.login(viewerToken);
        String body = server.get("/apps/shop", vera.cookie()).body();
        assertThat(body).contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; more")
                .doesNotContain("<script>alert");
    }

    @Test
    void theApiNeverAcceptsTheSessionCookie() {
        DashboardServer.Session dora = server.login(deployerToken);
        DashboardServer.Response api = server.get("/api/v1/apps", dora.cookie());
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void revokingTheTokenEndsTheSessionAtTheNextRequest() {
        String token = server.tokenFor("rita", Role.DEPLOYER);
        DashboardServer.Session rita = server.login(token);
        assertThat(server.get("/", rita.cookie()).status()).isEqualTo(200);
        long id = server.server.store().tokens().list("rita").getFirst().id();
        server.server.store().tokens().revoke(id);
        assertThat(server.get("/", rita.cookie()).status()).isEqualTo(302);
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        DashboardServer.Session vera = server.login(viewerToken);
        DashboardServer.Response out = server.post("/logout", vera.cookie(), Map.of("csrf", vera.csrf()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).hasValue("/login");
        assertThat(out.setCookie("maestro_session")).hasValueSatisfying(c -> assertThat(c).startsWith("maestro_session=;")
                .contains("Max-Age=0"));
        assertThat(server.get("/", vera.cookie()).status()).isEqualTo(302);
    }

    @Test
    void staticAssetsNeedNoSessionAndOnlyKnownFilesExist() {
        DashboardServer.Response css = server.get("/static/dashboard.css", null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(server.get("/static/deployment.js", null).body()).contains("EventSource");
        assertThat(server.get("/static/..%2Fjte%2Fapps.jte", null).status()).isEqualTo(404);
        assertThat(server.get("/static/nothing.js", null).status()).isEqualTo(404);
    }

    @Test
    void unknownApplicationsAndDeploymentsAreAnHtml404() {
        DashboardServer.Session vera = server.login(viewerToken);
        DashboardServer.Response app = server.get("/apps/nope", vera.cookie());
        assertThat(app.status()).isEqualTo(404);
        assertThat(app.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(app.body()).contains("there is no application named 'nope'");
        assertThat(server.get("/deployments/999", vera.cookie()).status()).isEqualTo(404);
        assertThat(server.get("/deployments/x", vera.cookie()).status()).isEqualTo(400);
    }
}
