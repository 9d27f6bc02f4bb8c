package io.maestro.server.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.RouteGroup;
import io.maestro.server.deploy.DeployRequest;
import io.maestro.server.deploy.DeploymentInfo;
import io.maestro.server.deploy.DeploymentRoutes;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.hook.IssuedHook;
import io.maestro.store.hook.RedeployHook;
import io.maestro.store.secret.SecretName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The HOOKS routes: redeploy hooks (secret URLs) and git push webhooks.
 *
 * <p>The API routes manage them with bearer tokens like every other route. The two calls
 * providers and CI make, {@code POST /hooks/redeploy/{app}/{token}} and
 * {@code POST /hooks/git/{app}}, live outside {@code /api/} and carry no bearer token: the
 * hook's token (stored hashed) or the webhook's signature (HMAC with the application's secret,
 * stored encrypted) is the credential, checked in constant time. Every refused call is audited
 * and answers without saying which part was wrong; calls are rate-limited per remote address.
 */
public final class HookRoutes implements RouteGroup {

    /** Where the calls without bearer token live; {@code Auth} leaves their authentication to this class. */
    public static final String HOOKS_PREFIX = "/hooks/";
    /** The scope of the application's webhook secret in the secret store. */
    public static final String SECRET_SCOPE = "webhook";
    static final String SECRET_NAME = "secret";

    private static final String API = "/api/v1";
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
    private static final int MAX_TARGET = 100;

    private final Store store;
    private final DeployQueue queue;
    private final GitPushHandler pushes;
    private final ObjectMapper json;
    private final RateLimiter limiter;
    private final SecureRandom random = new SecureRandom();

    /** Routes with the default rate limit: 60 hook calls per minute per remote address. */
    public HookRoutes(Store store, DeployQueue queue, ObjectMapper json) {
        this(store, queue, json, new RateLimiter(60, Duration.ofMinutes(1), Clock.systemUTC()));
    }

    public HookRoutes(Store store, DeployQueue queue, ObjectMapper json, RateLimiter limiter) {
        this.store = store;
        this.queue = queue;
        this.pushes = new GitPushHandler(store, queue);
        this.json = json;
        this.limiter = limiter;
    }

    /** Whether a request path is one of the hook calls (no bearer token, no dashboard session). */
    public static boolean isHookPath(String path) {
        return path.startsWith(HOOKS_PREFIX);
    }

    @Override
    public void register(Javalin app) {
        String apps = API + "/apps/{app}";
        app.post(apps + "/hooks", this::create, Access.ADMIN);
        app.get(apps + "/hooks", this::list, Access.VIEWER);
        app.delete(apps + "/hooks/{prefix}", this::revoke, Access.ADMIN);
        app.put(apps + "/webhook-secret", this::rotateSecret, Access.ADMIN);
        app.post("/hooks/redeploy/{app}/{token}", this::redeploy, Access.ANYONE);
        app.post("/hooks/git/{app}", this::git, Access.ANYONE);
    }

    @Override
    public String openApiFragment() {
        return "hooks.json";
    }

    // --- management (bearer token) ---------------------------------------------------------------

    /** {@code POST /apps/{app}/hooks} {@code {environment?}}: the URL is in this answer only. */
    void create(Context ctx) {
        String application = ctx.pathParam("app");
        String environment = "production";
        if (!ctx.body().isBlank()) {
            environment = JsonBody.of(ctx, json).optionalText("environment").orElse(environment);
        }
        JsonBody.matching("environment", environment, ENVIRONMENT, "a lower-case name of letters, digits and '-'");
        Actor actor = Auth.actor(ctx);
        String env = environment;
        IssuedHook issued = store.inTransaction(() -> {
            IssuedHook hook = store.hooks().issue(application, env, actor.name());
            store.audit().record(actor, "hook.create", application + "/" + env,
                    "redeploy hook " + hook.hook().prefix());
            return hook;
        });
        Map<String, Object> out = hook(issued.hook());
        out.put("url", baseUrl(ctx) + "/hooks/redeploy/" + application + "/" + issued.token());
        ctx.status(HttpStatus.CREATED).json(out);
    }

    /** {@code GET /apps/{app}/hooks}: prefixes only. */
    void list(Context ctx) {
        String application = ctx.pathParam("app");
        store.applications().require(application);
        ctx.json(Map.of("hooks", store.hooks().list(application).stream().map(HookRoutes::hook).toList()));
    }

    /** {@code DELETE /apps/{app}/hooks/{prefix}}. */
    void revoke(Context ctx) {
        String application = ctx.pathParam("app");
        String prefix = ctx.pathParam("prefix");
        store.applications().require(application);
        Actor actor = Auth.actor(ctx);
        boolean revoked = store.inTransaction(() -> {
            boolean deleted = store.hooks().revoke(application, prefix);
            if (deleted) {
                store.audit().record(actor, "hook.revoke", application, "redeploy hook " + prefix);
            }
            return deleted;
        });
        if (!revoked) {
            throw new NotFoundException("application '" + application + "' has no hook with prefix '" + prefix
                    + "'; `maestro hooks list " + application + "` shows them");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code PUT /apps/{app}/webhook-secret}: a new secret, in this answer only. */
    void rotateSecret(Context ctx) {
        String application = ctx.pathParam("app");
        store.applications().require(application);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Actor actor = Auth.actor(ctx);
        store.inTransaction(() -> {
            store.secrets().put(new SecretName(application, SECRET_SCOPE, SECRET_NAME), secret);
            return store.audit().record(actor, "webhook.secret", application, "webhook secret set (the old one no longer verifies)");
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", application);
        out.put("secret", secret);
        out.put("url", baseUrl(ctx) + "/hooks/git/" + application);
        ctx.json(out);
    }

    // --- calls from CI and git providers (no bearer token) ----------------------------------------

    /** {@code POST /hooks/redeploy/{app}/{token}?services=a,b&deployment_profile=P&environment=E}. */
    void redeploy(Context ctx) {
        limit(ctx);
        String application = ctx.pathParam("app");
        Optional<RedeployHook> hook = store.hooks().authenticate(application, ctx.pathParam("token"));
        if (hook.isEmpty()) {
            store.audit().record(new Actor("anonymous", ctx.ip()), "hook.refused", target(application),
                    "redeploy hook call with an unknown or revoked token");
            throw ApiException.notFound("no such redeploy hook");
        }
        DeployRequest request = RedeployQuery.parse(ctx.queryParamMap(), hook.get().environment());
        DeploymentInfo queued = queue.request(application, request, new Actor("hook " + hook.get().prefix(), ctx.ip()));
        ctx.status(HttpStatus.ACCEPTED).json(DeploymentRoutes.deployment(queued));
    }

    /** {@code POST /hooks/git/{app}?environment=E}: a GitHub or GitLab push webhook. */
    void git(Context ctx) {
        limit(ctx);
        String application = ctx.pathParam("app");
        String environment = Optional.ofNullable(ctx.queryParam("environment")).orElse("production");
        JsonBody.matching("environment", environment, ENVIRONMENT, "a lower-case name of letters, digits and '-'");
        UnaryOperator<String> header = ctx::header;
        byte[] body = ctx.bodyAsBytes();
        Optional<WebhookEvent.Provider> provider = WebhookEvent.Provider.of(header);
        Optional<String> secret = provider.isEmpty() ? Optional.empty()
                : store.secrets().get(new SecretName(application, SECRET_SCOPE, SECRET_NAME));
        if (provider.isEmpty() || secret.isEmpty() || !provider.get().verify(secret.get(), body, header)) {
            store.audit().record(new Actor("anonymous", ctx.ip()), "webhook.refused", target(application),
                    provider.map(p -> p.id() + " webhook with a signature that does not verify")
                            .orElse("webhook without GitHub or GitLab credentials"));
            throw new ApiException(401, "unauthorized", "expected a GitHub X-Hub-Signature-256 or a GitLab"
                    + " X-Gitlab-Token that verifies with the application's webhook secret; this one does not"
                    + " (set the secret with `maestro webhooks secret APP`)");
        }
        WebhookEvent event = provider.get().read(body, header, json);
        PushOutcome outcome = pushes.handle(application, environment, event,
                new Actor(provider.get().id() + " webhook", ctx.ip()));
        Map<String, Object> out = new LinkedHashMap<>();
        switch (outcome) {
            case PushOutcome.Queued queued -> {
                out.put("deployed", true);
                out.put("services", List.copyOf(queued.services()));
                out.put("deployment", DeploymentRoutes.deployment(queued.deployment()));
                ctx.status(HttpStatus.ACCEPTED);
            }
            case PushOutcome.Duplicate duplicate -> {
                out.put("deployed", true);
                out.put("duplicate", true);
                out.put("reason", "this commit started deployment " + duplicate.deploymentId() + " already");
                out.put("deployment", Map.of("id", duplicate.deploymentId()));
                ctx.status(HttpStatus.OK);
            }
            case PushOutcome.NotDeployed skipped -> {
                out.put("deployed", false);
                out.put("reason", skipped.reason());
                ctx.status(HttpStatus.ACCEPTED);
            }
            case PushOutcome.Replayed replayed -> throw new ApiException(409, "replayed",
                    "delivery " + replayed.deliveryId() + " was received before; a replay deploys nothing");
        }
        ctx.json(out);
    }

    private void limit(Context ctx) {
        if (!limiter.tryAcquire(ctx.ip())) {
            ctx.header("Retry-After", Long.toString(limiter.retryAfterSeconds(ctx.ip())));
            throw new ApiException(429, "rate_limited", "too many hook calls from " + ctx.ip() + "; retry later");
        }
    }

    private static String target(String application) {
        return application.length() > MAX_TARGET ? application.substring(0, MAX_TARGET) + "..." : application;
    }

    private static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static Map<String, Object> hook(RedeployHook hook) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", hook.application());
        out.put("environment", hook.environment());
        out.put("prefix", hook.prefix());
        out.put("createdBy", hook.createdBy());
        out.put("createdAt", hook.createdAt().toString());
        out.put("lastUsedAt", hook.lastUsedAt() == null ? null : hook.lastUsedAt().toString());
        return out;
    }
}
