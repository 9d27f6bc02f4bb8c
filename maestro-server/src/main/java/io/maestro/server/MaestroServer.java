package io.maestro.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.server.deploy.DeploymentRoutes;
import io.maestro.server.deploy.DeploymentService;
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

    private MaestroServer(Database database, Store store, DeploymentService deployments, Javalin app, List<RouteInfo> routes) {
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
            DeploymentService deployments = DeploymentService.start(store,
                    clusters != null ? clusters : clusters(store), deploy);
            try {
                Javalin app = create(store, deployments, routes);
                app.start(config.port());
                return new MaestroServer(database, store, deployments, app, List.copyOf(routes));
            } catch (RuntimeException e) {
                deployments.close();
                throw e;
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Where the deploy engine gets Kubernetes clients: the one wiring point of the cluster
     * registry (replace this default with the registry over {@code store}).
     */
    static ClusterConnector clusters(Store store) {
        return name -> {
            throw new NotFoundException("no cluster named " + name + "; add one with maestro clusters add");
        };
    }

    private static Javalin create(Store store, DeploymentService deployments, List<RouteInfo> routes) {
        ObjectMapper json = new ObjectMapper();
        Auth auth = new Auth(store.tokens());
        // One line per route group; each brings its own OpenAPI fragment (see RouteGroup).
        List<RouteGroup> groups = List.of(
                new ApplicationRoutes(store, json),
                new DeploymentRoutes(deployments, json),
                new io.maestro.server.env.EnvVarRoutes(store, json),
                new io.maestro.server.user.UserRoutes(store, json));
        byte[] openApi = OpenApiDocument.assemble(json,
                groups.stream().map(RouteGroup::openApiFragment).toList());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(json, true));
            config.events(events -> events.handlerAdded(meta -> {
                if (ENDPOINT_TYPES.contains(meta.getHttpMethod())) {
                    routes.add(new RouteInfo(meta.getHttpMethod().name(), meta.getPath(), access(meta.getRoles())));
                }
            }));
        });
        app.before(auth::authenticate);
        app.beforeMatched(auth::authorize);

        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi), Access.VIEWER);
        groups.forEach(group -> group.register(app));

        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(error(e.error(), e.getMessage())));
        app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(error("not_found", e.getMessage())));
        app.exception(ConflictException.class, (e, ctx) -> ctx.status(409).json(error("conflict", e.getMessage())));
        app.exception(HttpResponseException.class,
                (e, ctx) -> ctx.status(e.getStatus()).json(error(errorCode(e.getStatus()), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(error("internal", "the server failed to answer; the cause is in its log"));
        });
        return app;
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
                deployments.close();
            } finally {
                database.close();
            }
        }
    }
}
