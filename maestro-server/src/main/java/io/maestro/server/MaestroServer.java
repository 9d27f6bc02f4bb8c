package io.maestro.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.maestro.server.build.BuildConfig;
import io.maestro.server.build.BuildService;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.server.dashboard.DashboardRoutes;
import io.maestro.server.dashboard.SessionStore;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.server.metrics.MetricsRoutes;
import io.maestro.server.metrics.ServerMetrics;
import io.maestro.server.deploy.DeploymentRoutes;
import io.maestro.server.deploy.DeploymentService;
import io.maestro.server.deploy.LocalTarget;
import io.maestro.server.cluster.ClusterRegistry;
import io.maestro.server.cluster.ClusterRoutes;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.auth.IssuedToken;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.secret.MasterKey;
import io.maestro.store.secret.SecretBox;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane: the REST API over the state store.
 *
 * <pre>{@code
 * try (MaestroServer server = MaestroServer.start(new ServerConfig(8080, home, null))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>On first start (no user in the store) it creates the {@code admin} user and prints
 * {@code admin token: TOKEN} once; the store keeps only the token's hash, so it is never shown
 * again. Every route requires a bearer token and carries the least {@link Access} it needs.
 * Errors are JSON {@code {error, message}}; unexpected failures are logged and answered 500
 * without details.
 */
public final class MaestroServer implements AutoCloseable {

    /** The user created on first start. */
    public static final String ADMIN_USER = "admin";

    /** The largest request body accepted (413 above): a definition is a few kilobytes. */
    public static final long MAX_REQUEST_BYTES = 1_000_000;

    /** The REST API's path prefix. */
    public static final String API = "/api/v1";
    static final String OPENAPI_PATH = "/api/openapi.json";
    private static final Set<HandlerType> ENDPOINT_TYPES = EnumSet.of(
            HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
    private static final Logger LOG = LoggerFactory.getLogger(MaestroServer.class);

    private final Database database;
    private final Store store;
    private final DeploymentService deployments;
    private final Javalin app;
    private final List<RouteInfo> routes;
    private final LocalTarget local;
    private final BuildService builds;
    private final ServerMetrics metrics;

    private MaestroServer(Database database, Store store, DeploymentService deployments, Javalin app, List<RouteInfo> routes,
            LocalTarget local, BuildService builds, ServerMetrics metrics) {
        this.metrics = metrics;
        this.local = local;
        this.builds = builds;
        this.database = database;
        this.store = store;
        this.deployments = deployments;
        this.app = app;
        this.routes = routes;
    }

    /** Starts the server, printing the admin token to standard output on first start. */
    public static MaestroServer start(ServerConfig config) {
        return start(config, System.out);
    }

    /** Starts the server; on first start the line {@code admin token: TOKEN} goes to {@code out}. */
    public static MaestroServer start(ServerConfig config, PrintStream out) {
        return start(config, out, null, DeployConfig.defaults());
    }

    /**
     * Starts the server with a given cluster connector ({@code null}: the registry's, see
     * {@link #clusters}) and deploy engine configuration; tests connect to a mock API server.
     */
    public static MaestroServer start(ServerConfig config, PrintStream out, ClusterConnector clusters, DeployConfig deploy) {
        return start(config, out, clusters, deploy, BuildConfig.under(config.home()));
    }

    /** Starts the server with a given BuildGrid configuration as well (tests allow {@code file://} git URLs). */
    public static MaestroServer start(ServerConfig config, PrintStream out, ClusterConnector clusters, DeployConfig deploy,
            BuildConfig buildConfig) {
        return start(config, out, clusters, deploy, buildConfig, null);
    }

    /**
     * Starts the server with the given builds of git-based services for the deploy engine
     * ({@code null}: this control plane's BuildService; tests give a fake).
     */
    public static MaestroServer start(ServerConfig config, PrintStream out, ClusterConnector clusters, DeployConfig deploy,
            BuildConfig buildConfig, io.maestro.server.deploy.ImageBuilds imageBuilds) {
        Database database = Database.open(config.databaseUrl(), config.home());
        try {
            Store store = Store.of(database, Clock.systemUTC(),
                    new SecretBox(MasterKey.load(System.getenv(), config.home())));
            Optional<IssuedToken> admin = store.inTransaction(() -> {
                Optional<IssuedToken> issued = store.tokens().bootstrapAdmin(ADMIN_USER);
                issued.ifPresent(token -> store.audit().record(Actor.system(), "user.create", ADMIN_USER,
                        "first start: admin user with one API token (prefix " + token.token().prefix() + ")"));
                return issued;
            });
            admin.ifPresent(token -> {
                out.println("admin token: " + token.value());
                out.flush();
            });
            List<RouteInfo> routes = Collections.synchronizedList(new ArrayList<>());
            // One local target (podman on this host) per control plane: its published ports live in this process.
            LocalTarget local = LocalTarget.under(config.home());
            ClusterRegistry registry = clusters(store);
            BuildService builds = BuildService.start(store, buildConfig);
            DeploymentService deployments = DeploymentService.start(store, clusters != null ? clusters : registry, deploy,
                    local, imageBuilds != null ? imageBuilds : new io.maestro.server.deploy.BuildGridImages(builds));
            ServerMetrics metrics = ServerMetrics.create();
            metrics.watch(deployments);
            try {
                Javalin app = create(store, registry, deployments, builds, metrics, routes);
                app.start(config.port());
                return new MaestroServer(database, store, deployments, app, List.copyOf(routes), local, builds, metrics);
            } catch (RuntimeException e) {
                metrics.close();
                deployments.close();
                builds.close();
                local.close();
                throw e;
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Where the deploy engine gets Kubernetes clients: the cluster registry over {@code store},
     * which knows (through the environment settings) which environments use each cluster.
     */
    static ClusterRegistry clusters(Store store) {
        return new ClusterRegistry(store, store.environmentSettings()::environmentsUsingCluster);
    }

    private static Javalin create(Store store, ClusterRegistry clusters, DeploymentService deployments,
            BuildService builds, ServerMetrics metrics, List<RouteInfo> routes) {
        ObjectMapper json = new ObjectMapper();
        DashboardRoutes dashboard = new DashboardRoutes(store, SessionStore.withDefaults(Clock.systemUTC()), deployments, json);
        Auth auth = new Auth(store.tokens(), dashboard.authenticator());
        // One line per route group; each brings its own OpenAPI fragment (see RouteGroup).
        List<RouteGroup> groups = List.of(
                new ApplicationRoutes(store, json),
                new DeploymentRoutes(deployments, json),
                new io.maestro.server.publish.ProfileRoutes(store, json),
                new ClusterRoutes(clusters, json),
                new io.maestro.server.env.EnvVarRoutes(store, json),
                new io.maestro.server.user.UserRoutes(store, json),
                new io.maestro.server.hosts.ServerRoutes(store, json, name -> builds.runningOnBuildServers().getOrDefault(name, 0)),
                new io.maestro.server.build.BuildRoutes(builds, store, json),
                new io.maestro.server.build.RegistryRoutes(store, json),
                new io.maestro.server.dashboard.BuildPages(builds, json),
                new io.maestro.server.tls.CertificateRoutes(new io.maestro.server.tls.CertificateStore(store, Clock.systemUTC()), json),
                new io.maestro.server.hook.HookRoutes(store, deployments::request, json),
                new MetricsRoutes(metrics),
                dashboard);
        byte[] openApi = OpenApiDocument.assemble(json,
                groups.stream().map(RouteGroup::openApiFragment).toList());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(json, true));
            config.events(events -> events.handlerAdded(meta -> {
                if (ENDPOINT_TYPES.contains(meta.getHttpMethod())) {
                    RouteInfo route = new RouteInfo(meta.getHttpMethod().name(), meta.getPath(), access(meta.getRoles()));
                    if (route.api() && route.access() == Access.ANYONE) {
                        throw new IllegalStateException("API route " + route + " must not be open to anyone");
                    }
                    routes.add(route);
                }
            }));
        });
        metrics.instrument(app);   // first, so its clock also covers authentication
        app.before(auth::authenticate);
        app.beforeMatched(auth::authorize);

        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi), Access.VIEWER);
        groups.forEach(group -> group.register(app));

        // API paths answer errors as JSON, dashboard pages as HTML.
        Responder respond = (ctx, status, code, message) -> {
            if (RouteInfo.isApiPath(ctx.path()) || io.maestro.server.hook.HookRoutes.isHookPath(ctx.path())
                    || MetricsRoutes.isMetricsPath(ctx.path())) {
                ctx.status(status).json(error(code, message));
            } else {
                dashboard.renderError(ctx, status, message);
            }
        };
        app.exception(ApiException.class, (e, ctx) -> respond.answer(ctx, e.status(), e.error(), e.getMessage()));
        app.exception(NotFoundException.class, (e, ctx) -> respond.answer(ctx, 404, "not_found", e.getMessage()));
        app.exception(ConflictException.class, (e, ctx) -> respond.answer(ctx, 409, "conflict", e.getMessage()));
        app.exception(HttpResponseException.class,
                (e, ctx) -> respond.answer(ctx, e.getStatus(), errorCode(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            respond.answer(ctx, 500, "internal", "the server failed to answer; the cause is in its log");
        });
        return app;
    }

    /** Writes an error answer in the form the path's client expects. */
    @FunctionalInterface
    private interface Responder {
        void answer(Context ctx, int status, String code, String message);
    }

    private static Access access(Set<RouteRole> roles) {
        return roles.stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst().orElse(null);
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> "http_" + status;
        };
    }

    static Map<String, String> error(String code, String message) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        return out;
    }

    /** The port the server listens on (the chosen one when the configured port was 0). */
    public int port() {
        return app.port();
    }

    /** The state store the server uses (tests and the CLI's admin commands read it directly). */
    public Store store() {
        return store;
    }

    /** The deploy engine (the dashboard and tests use it directly). */
    public DeploymentService deployments() {
        return deployments;
    }

    /** BuildGrid: image builds, retags and Build Minutes (the deploy engine builds through it). */
    public BuildService builds() {
        return builds;
    }

    /** Every endpoint registered, in registration order. */
    public List<RouteInfo> routes() {
        return routes;
    }

    /** Stops the server and closes the database. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                // Deployments first: one waiting for a build is then interrupted as a stop (left for
                // recovery), not failed by a build queue that no longer takes work.
                deployments.close();
                builds.close();
            } finally {
                try {
                    metrics.close();
                    local.close();
                } finally {
                    database.close();
                }
            }
        }
    }
}
