package io.maestro.server.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.maestro.kube.KubeException;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.PageAuthenticator;
import io.maestro.server.RouteGroup;
import io.maestro.server.dashboard.view.AppPage;
import io.maestro.server.dashboard.view.AppRow;
import io.maestro.server.dashboard.view.AppsPage;
import io.maestro.server.dashboard.view.DeploymentPage;
import io.maestro.server.dashboard.view.DeploymentRow;
import io.maestro.server.dashboard.view.ErrorPage;
import io.maestro.server.dashboard.view.LogRow;
import io.maestro.server.dashboard.view.LoginPage;
import io.maestro.server.dashboard.view.StepRow;
import io.maestro.server.dashboard.view.ServiceRow;
import io.maestro.server.dashboard.view.VersionRow;
import io.maestro.server.dashboard.view.Viewer;
import io.maestro.server.deploy.DeployException;
import io.maestro.server.deploy.DeploymentEvent;
import io.maestro.server.deploy.DeploymentInfo;
import io.maestro.server.deploy.DeploymentRoutes;
import io.maestro.server.deploy.DeploymentService;
import io.maestro.server.deploy.EnvironmentStatus;
import io.maestro.store.Store;
import io.maestro.store.app.Application;
import io.maestro.store.audit.Actor;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.Role;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.LogLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The dashboard: server-rendered pages (precompiled JTE) over the store, behind a cookie login.
 *
 * <ul>
 *   <li>{@code GET/POST /login}: paste an API token; on success the browser gets an opaque session
 *       cookie (see {@link Cookies}), never the token. {@code POST /logout} ends the session.</li>
 *   <li>{@code GET /}: applications; {@code GET /apps/{app}}: services, deployments, versions and,
 *       for deployers, the deploy and rollback forms ({@code POST /apps/{app}/deploy},
 *       {@code POST /apps/{app}/rollback}).</li>
 *   <li>{@code GET /deployments/{id}}: a deployment with its live log, fed by
 *       {@code GET /deployments/{id}/events} (server-sent events).</li>
 * </ul>
 *
 * <p>Every form carries the session's CSRF token (the login form a double-submit nonce); a POST
 * without the right one is refused with 403 before it does anything.
 */
public final class DashboardRoutes implements RouteGroup {

    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";
    static final String STATIC = "/static";
    static final String CSRF_FIELD = "csrf";
    static final String DEFAULT_ENVIRONMENT = "production";

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A local path to return to after login: one leading slash, not a scheme-relative {@code //host}. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[\\x21-\\x7e]*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int RECENT_DEPLOYMENTS = 15;
    private static final long LOGIN_NONCE_SECONDS = 1800;

    private final Store store;
    private final SessionStore sessions;
    private final DeploymentService deployments;
    private final ObjectMapper json;
    private final DashboardAuthenticator authenticator;
    private final Templates templates = new Templates();
    private final StaticAssets assets = new StaticAssets();
    private final ServiceOverview overview = new ServiceOverview();

    /**
     * @param deployments the deploy engine: the buttons request deployments from it, the live log
     *     subscribes to it, the application page reads replica counts from it
     */
    public DashboardRoutes(Store store, SessionStore sessions, DeploymentService deployments, ObjectMapper json) {
        this.store = store;
        this.sessions = sessions;
        this.deployments = deployments;
        this.json = json;
        this.authenticator = new DashboardAuthenticator(store, sessions);
    }

    /** How the server authenticates dashboard requests (the session cookie). */
    public PageAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public void register(Javalin app) {
        app.get(LOGIN, this::loginForm, Access.ANYONE);
        app.post(LOGIN, this::login, Access.ANYONE);
        app.get(STATIC + "/{file}", assets::serve, Access.ANYONE);
        app.post(LOGOUT, csrfChecked(this::logout), Access.VIEWER);
        app.get("/", this::apps, Access.VIEWER);
        app.get("/apps/{app}", this::application, Access.VIEWER);
        app.post("/apps/{app}/deploy", csrfChecked(this::deploy), Access.DEPLOYER);
        app.post("/apps/{app}/rollback", csrfChecked(this::rollback), Access.DEPLOYER);
        app.get("/deployments/{id}", this::deployment, Access.VIEWER);
        app.sse("/deployments/{id}/events", this::events, Access.VIEWER);
    }

    /** The dashboard's pages are not REST API routes: its fragment documents no path (see {@code RouteInfo#api}). */
    @Override
    public String openApiFragment() {
        return "dashboard.json";
    }

    /** Answers a refused or failed dashboard request with an HTML page. */
    public void renderError(Context ctx, int status, String message) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not logged in";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 422 -> "Cannot do that";
            case 502 -> "Cluster error";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "Server error" : "Refused";
        };
        ctx.status(status);
        templates.render(ctx, "error.jte", new ErrorPage(viewer(ctx).orElse(null), status, title, message));
    }

    // ---- login and logout

    private void loginForm(Context ctx) {
        if (Auth.optionalPrincipal(ctx).isPresent()) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, HttpStatus.OK, null, safeNext(ctx.queryParam("next")));
    }

    private void showLogin(Context ctx, HttpStatus status, String error, String next) {
        // Keep the browser's nonce when it has one: a second login page (another tab, or the
        // browser's favicon request redirected here) must not invalidate the form already shown.
        String existing = ctx.cookie(Cookies.LOGIN_NONCE);
        String nonce = existing != null && NONCE.matcher(existing).matches() ? existing : sessions.randomToken();
        Cookies.set(ctx, Cookies.LOGIN_NONCE, nonce, LOGIN, LOGIN_NONCE_SECONDS);
        ctx.status(status);
        templates.render(ctx, "login.jte", new LoginPage(error, next, nonce));
    }

    private void login(Context ctx) {
        String next = safeNext(ctx.formParam("next"));
        if (!sameSecret(ctx.cookie(Cookies.LOGIN_NONCE), ctx.formParam(CSRF_FIELD))) {
            showLogin(ctx, HttpStatus.FORBIDDEN, "The login form expired or came from another site; try again.", next);
            return;
        }
        String token = ctx.formParam("token");
        Optional<Principal> principal = token == null ? Optional.empty() : store.tokens().authenticate(token.trim());
        if (principal.isEmpty()) {
            showLogin(ctx, HttpStatus.UNAUTHORIZED, "That token is unknown or revoked.", next);
            return;
        }
        // A fresh id on every login: a session id planted before login is never promoted.
        sessions.close(ctx.cookie(Cookies.SESSION));
        DashboardSession session = sessions.open(principal.get());
        Cookies.set(ctx, Cookies.SESSION, session.id(), "/", -1);
        Cookies.clear(ctx, Cookies.LOGIN_NONCE, LOGIN);
        store.audit().record(new Actor(session.user(), ctx.ip()), "dashboard.login", session.user(),
                "dashboard session opened with token id " + session.tokenId());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        DashboardSession session = DashboardAuthenticator.session(ctx);
        sessions.close(session.id());
        Cookies.clear(ctx, Cookies.SESSION, "/");
        store.audit().record(Auth.actor(ctx), "dashboard.logout", session.user(), "dashboard session closed");
        ctx.redirect(LOGIN, HttpStatus.SEE_OTHER);
    }

    // ---- pages

    private void apps(Context ctx) {
        List<AppRow> rows = store.applications().list().stream()
                .map(a -> new AppRow(a.name(), a.latestVersion(),
                        store.deployments().list(a.name(), 1).stream().findFirst().map(DashboardRoutes::row).orElse(null)))
                .toList();
        templates.render(ctx, "apps.jte", new AppsPage(requireViewer(ctx), rows));
    }

    private void application(Context ctx) {
        Application application = requireApp(ctx);
        String environment = environment(Optional.ofNullable(ctx.queryParam("environment")).orElse(DEFAULT_ENVIRONMENT));
        List<VersionRow> versions = store.versions().list(application.name()).stream()
                .map(v -> new VersionRow(v.version(), v.comment(), v.author(), time(v.createdAt())))
                .toList();
        List<DeploymentRow> recent = store.deployments().list(application.name(), RECENT_DEPLOYMENTS).stream()
                .map(DashboardRoutes::row).toList();
        List<ServiceRow> services = overview.services(store.versions().latest(application.name()));
        EnvironmentStatus status = deployments.status(application.name(), environment);
        String note;
        if (status.clusterError() != null) {
            note = "Cluster " + status.cluster() + " could not be read (" + status.clusterError()
                    + "): desired counts from the latest version's service.yml.";
        } else if (status.lastDeployment() == null) {
            note = "Not deployed to " + environment + " yet: desired counts from the latest version's service.yml.";
        } else {
            note = "Replica counts as cluster " + status.cluster() + " reports them.";
            services = ServiceOverview.withStatus(services, status.services());
        }
        templates.render(ctx, "app.jte", new AppPage(requireViewer(ctx), application.name(), environment,
                services, note, recent, versions));
    }

    private void deployment(Context ctx) {
        Deployment deployment = requireDeployment(ctx);
        List<StepRow> steps = deployments.steps(deployment.id()).stream().map(DashboardRoutes::step).toList();
        List<LogRow> log = deployments.log(deployment.id()).stream().map(DashboardRoutes::logRow).toList();
        templates.render(ctx, "deployment.jte", new DeploymentPage(requireViewer(ctx), row(deployment), steps,
                log, "/deployments/" + deployment.id() + "/events"));
    }

    /**
     * The deployment's events for its page: past log lines and steps first, then live ones, then
     * {@code done}, after which the stream closes (the API's {@code /api/v1/deployments/{id}/events},
     * but authenticated by the session cookie, which is all an {@code EventSource} can send).
     */
    private void events(SseClient client) {
        long id = requireDeployment(client.ctx()).id();
        client.keepAlive();
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        client.onClose(() -> unsubscribe(subscription.get()));
        subscription.set(deployments.subscribe(id, event -> {
            client.sendEvent(event.type(), text(DeploymentRoutes.event(event)));
            if (event instanceof DeploymentEvent.Done) {
                client.close();
            }
        }));
        if (client.terminated()) {
            unsubscribe(subscription.get());
        }
    }

    private static void unsubscribe(AutoCloseable subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            // The browser is gone either way; a failing unsubscribe only means it was already dropped.
        }
    }

    private String text(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event as JSON", e);
        }
    }

    // ---- actions

    private void deploy(Context ctx) {
        Application application = requireApp(ctx);
        String environment = environment(ctx.formParam("environment"));
        OptionalInt version = version(ctx.formParam("version"));
        DeploymentInfo queued = engine(() -> deployments.request(application.name(), environment, version, Auth.actor(ctx)));
        ctx.redirect("/deployments/" + queued.id(), HttpStatus.SEE_OTHER);
    }

    private void rollback(Context ctx) {
        Application application = requireApp(ctx);
        String environment = environment(ctx.formParam("environment"));
        DeploymentInfo queued = engine(() -> deployments.rollback(application.name(), environment, OptionalLong.empty(),
                Auth.actor(ctx)));
        ctx.redirect("/deployments/" + queued.id(), HttpStatus.SEE_OTHER);
    }

    /**
     * Runs a deploy engine request, turning its refusals into {@link ApiException}s so that the
     * dashboard answers them as pages (the engine's own handlers answer JSON, for the API).
     */
    private static <T> T engine(Supplier<T> request) {
        try {
            return request.get();
        } catch (DeployException e) {
            throw new ApiException(e.reason() == DeployException.Reason.INVALID ? 422 : 409,
                    e.reason() == DeployException.Reason.INVALID ? "invalid" : "conflict", e.getMessage());
        } catch (KubeException e) {
            throw new ApiException(502, "cluster", e.getMessage());
        }
    }

    /** Refuses the POST with 403 unless its {@code csrf} field is the session's CSRF token. */
    private static Handler csrfChecked(Handler handler) {
        return ctx -> {
            DashboardSession session = DashboardAuthenticator.session(ctx);
            if (!sameSecret(session.csrfToken(), ctx.formParam(CSRF_FIELD))) {
                throw new ApiException(403, "csrf", "the form's CSRF token is missing or wrong: reload the page and try again");
            }
            handler.handle(ctx);
        };
    }

    // ---- helpers

    private Optional<Viewer> viewer(Context ctx) {
        Optional<Principal> principal = Auth.optionalPrincipal(ctx);
        Optional<DashboardSession> session = DashboardAuthenticator.optionalSession(ctx);
        if (principal.isEmpty() || session.isEmpty()) {
            return Optional.empty();
        }
        Role role = principal.get().user().role();
        return Optional.of(new Viewer(principal.get().user().name(), role.name().toLowerCase(Locale.ROOT),
                session.get().csrfToken(), role.allows(Role.DEPLOYER)));
    }

    private Viewer requireViewer(Context ctx) {
        return viewer(ctx).orElseThrow(() -> new IllegalStateException("a dashboard page ran without a session"));
    }

    private Application requireApp(Context ctx) {
        String name = ctx.pathParam("app");
        return store.applications().find(name)
                .orElseThrow(() -> ApiException.notFound("there is no application named '" + name + "'"));
    }

    private Deployment requireDeployment(Context ctx) {
        String text = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("expected a deployment number, got '" + text + "'");
        }
        return store.deployments().find(id).orElseThrow(() -> ApiException.notFound("there is no deployment " + id));
    }

    static String environment(String text) {
        String value = text == null || text.isBlank() ? DEFAULT_ENVIRONMENT : text.trim();
        if (!ENVIRONMENT.matcher(value).matches()) {
            throw ApiException.badRequest("environment: expected a lowercase name of letters, digits and '-'"
                    + " (at most 63 characters), got '" + value + "'");
        }
        return value;
    }

    static OptionalInt version(String text) {
        if (text == null || text.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(text.trim());
            if (version < 1) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(version);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version: expected a version number (1, 2, ...), got '" + text + "'");
        }
    }

    /** Where to go after login: the requested local path, or the applications list. */
    static String safeNext(String next) {
        if (next == null || !LOCAL_PATH.matcher(next).matches() || next.startsWith(LOGIN)) {
            return "/";
        }
        return next;
    }

    static boolean sameSecret(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    static DeploymentRow row(Deployment d) {
        return new DeploymentRow(d.id(), d.application(), d.environment(), d.version(),
                d.status().name().toLowerCase(Locale.ROOT), d.requestedBy(), time(d.createdAt()),
                time(d.startedAt()), time(d.finishedAt()), d.detail());
    }

    private static LogRow logRow(LogLine line) {
        return new LogRow(time(line.at()), line.line());
    }

    private static StepRow step(DeploymentStep s) {
        return new StepRow(s.seq(), s.name(), s.status().name().toLowerCase(Locale.ROOT), s.detail());
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
