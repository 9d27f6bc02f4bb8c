package io.maestro.server.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.maestro.kube.KubeException;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.RouteGroup;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.DriftReport;
import io.maestro.store.deploy.EnvironmentSettings;
import io.maestro.store.deploy.LogLine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The DEPLOY routes of the API: deployments (request, list, show, live events), rollback, scale,
 * status, environment settings and the admin unlock. The work is {@link DeploymentService}'s;
 * this class reads requests and writes JSON.
 */
public final class DeploymentRoutes implements RouteGroup {

    private static final String API = "/api/v1";
    private static final int MAX_LIMIT = 500;

    private final DeploymentService deployments;
    private final ObjectMapper json;

    public DeploymentRoutes(DeploymentService deployments, ObjectMapper json) {
        this.deployments = deployments;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        String apps = API + "/apps/{app}";
        app.post(apps + "/deployments", this::request, Access.DEPLOYER);
        app.get(apps + "/deployments", this::list, Access.VIEWER);
        app.get(API + "/deployments/{id}", this::show, Access.VIEWER);
        app.sse(API + "/deployments/{id}/events", this::events, Access.VIEWER);
        app.post(apps + "/rollback", this::rollback, Access.DEPLOYER);
        app.post(apps + "/services/{service}/scale", this::scale, Access.DEPLOYER);
        app.get(apps + "/status", this::status, Access.VIEWER);
        app.get(apps + "/environments/{env}", this::settings, Access.VIEWER);
        app.put(apps + "/environments/{env}", this::updateSettings, Access.DEPLOYER);
        app.delete(apps + "/environments/{env}/local", this::removeLocal, Access.ADMIN);
        app.post(apps + "/environments/{env}/unlock", this::unlock, Access.ADMIN);

        app.exception(DeployException.class, (e, ctx) -> ctx.status(e.reason() == DeployException.Reason.INVALID ? 422 : 409)
                .json(error(e.reason() == DeployException.Reason.INVALID ? "invalid" : "conflict", e.getMessage())));
        app.exception(KubeException.class, (e, ctx) -> ctx.status(502).json(error("cluster", e.getMessage())));
    }

    @Override
    public String openApiFragment() {
        return "deployments.json";
    }

    /**
     * {@code POST /apps/{app}/deployments} {@code {environment, version?, services?: [..],
     * serviceRefs?: {svc: ref}, gitRef?, profile?, trigger?}}.
     */
    void request(Context ctx) {
        JsonNode body = body(ctx);
        OptionalInt version = body.hasNonNull("version") ? OptionalInt.of(positiveInt(body, "version")) : OptionalInt.empty();
        DeployRequest request = new DeployRequest(environment(body), version, DeployRequestJson.services(body),
                DeployRequestJson.serviceRefs(body), DeployRequestJson.text(body, "gitRef"),
                DeployRequestJson.text(body, "profile"), DeployRequestJson.text(body, "trigger").orElse("api"));
        DeploymentInfo queued = deployments.request(ctx.pathParam("app"), request, Auth.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(deployment(queued));
    }

    /** {@code GET /apps/{app}/deployments?environment=E&limit=N}. */
    void list(Context ctx) {
        String limitText = ctx.queryParam("limit");
        int limit = 20;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.badRequest("limit: expected a number from 1 to " + MAX_LIMIT + ", got '" + limitText + "'");
            }
        }
        List<DeploymentInfo> list = deployments.history(ctx.pathParam("app"), Optional.ofNullable(ctx.queryParam("environment")), limit);
        ctx.json(Map.of("deployments", list.stream().map(DeploymentRoutes::deployment).toList()));
    }

    /** {@code GET /deployments/{id}}: with its steps and log. */
    void show(Context ctx) {
        long id = id(ctx);
        DeploymentInfo info = deployments.find(id).orElseThrow(() -> new NotFoundException("no deployment " + id));
        Map<String, Object> out = deployment(info);
        out.put("steps", deployments.steps(id).stream().map(DeploymentRoutes::step).toList());
        out.put("log", deployments.log(id).stream().map(DeploymentRoutes::logLine).toList());
        ctx.json(out);
    }

    /** {@code GET /deployments/{id}/events}: history, live events, then {@code done} and the end of the stream. */
    void events(SseClient client) {
        long id = id(client.ctx());
        if (deployments.find(id).isEmpty()) {
            throw new NotFoundException("no deployment " + id);
        }
        client.keepAlive();
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        client.onClose(() -> close(subscription.get()));
        subscription.set(deployments.subscribe(id, event -> {
            client.sendEvent(event.type(), text(event(event)));
            if (event instanceof DeploymentEvent.Done) {
                client.close();
            }
        }));
        if (client.terminated()) {
            close(subscription.get());
        }
    }

    /** {@code POST /apps/{app}/rollback} {@code {environment, to?}}. */
    void rollback(Context ctx) {
        JsonNode body = body(ctx);
        OptionalLong to = body.hasNonNull("to") ? OptionalLong.of(positiveInt(body, "to")) : OptionalLong.empty();
        DeploymentInfo queued = deployments.rollback(ctx.pathParam("app"), environment(body), to, Auth.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(deployment(queued));
    }

    /** {@code POST /apps/{app}/services/{service}/scale} {@code {environment, replicas: "5"|"+2"|"-1"}}. */
    void scale(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode replicas = body.get("replicas");
        if (replicas == null || !(replicas.isTextual() || replicas.isInt())) {
            throw ApiException.badRequest("replicas: expected \"N\", \"+N\" or \"-N\", got " + (replicas == null ? "nothing" : replicas));
        }
        ScaleOutcome outcome = deployments.scale(ctx.pathParam("app"), ctx.pathParam("service"), environment(body),
                replicas.asText(), Auth.actor(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", outcome.service());
        out.put("environment", outcome.environment());
        out.put("from", outcome.from());
        out.put("to", outcome.to());
        out.put("min", outcome.min());
        out.put("max", outcome.max() == Integer.MAX_VALUE ? null : outcome.max());
        ctx.json(out);
    }

    /** {@code GET /apps/{app}/status?environment=E} (default production). */
    void status(Context ctx) {
        String environment = Optional.ofNullable(ctx.queryParam("environment")).orElse("production");
        EnvironmentStatus status = deployments.status(ctx.pathParam("app"), environment);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", status.application());
        out.put("environment", status.environment());
        out.put("cluster", status.cluster());
        out.put("services", status.services().stream().map(s -> {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", s.name());
            service.put("desired", s.desired());
            service.put("ready", s.ready());
            service.put("updated", s.updated());
            service.put("available", s.available());
            service.put("images", s.images());
            service.put("endpoints", s.endpoints());
            return service;
        }).toList());
        out.put("lastDeployment", status.lastDeployment() == null ? null : deployment(status.lastDeployment()));
        out.put("drift", status.drift() == null ? null : drift(status.drift()));
        if (status.clusterError() != null) {
            out.put("clusterError", status.clusterError());
        }
        ctx.json(out);
    }

    /** {@code GET /apps/{app}/environments/{env}}. */
    void settings(Context ctx) {
        ctx.json(withServer(settings(deployments.settings(ctx.pathParam("app"), ctx.pathParam("env")))));
    }

    /** The settings with the environment's default server for data stores ({@code server}). */
    private Map<String, Object> withServer(Map<String, Object> settings) {
        settings.put("server", deployments.defaultServer((String) settings.get("application"),
                (String) settings.get("environment")).orElse(null));
        return settings;
    }

    /**
     * {@code PUT /apps/{app}/environments/{env}} {@code {cluster, autoRollback, reapplyDrift, forceConflicts,
     * rolloutTimeoutSeconds, server}}: fields left out keep their current value; {@code "cluster": null}
     * and {@code "server": null} clear them.
     */
    void updateSettings(Context ctx) {
        JsonNode body = body(ctx);
        EnvironmentSettings current = deployments.settings(ctx.pathParam("app"), ctx.pathParam("env"));
        String cluster = current.cluster();
        if (body.has("cluster")) {
            JsonNode value = body.get("cluster");
            if (!value.isNull() && !(value.isTextual() && value.asText().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"))) {
                throw ApiException.badRequest("cluster: expected a cluster name (lower-case letters, digits, '-') or null, got " + value);
            }
            cluster = value.isNull() ? null : value.asText();
        }
        int timeout = body.has("rolloutTimeoutSeconds") ? positiveInt(body, "rolloutTimeoutSeconds") : current.rolloutTimeoutSeconds();
        String target = current.target();
        if (body.has("target")) {
            JsonNode value = body.get("target");
            if (!value.isTextual() || !(value.asText().equals(EnvironmentSettings.CLUSTER) || value.asText().equals(EnvironmentSettings.LOCAL))) {
                throw ApiException.badRequest("target: expected \"cluster\" (a registered Kubernetes cluster) or \"local\""
                        + " (podman on the control plane's host), got " + value);
            }
            target = value.asText();
        }
        EnvironmentSettings wanted = new EnvironmentSettings(current.application(), current.environment(), cluster,
                flag(body, "autoRollback", current.autoRollback()), flag(body, "reapplyDrift", current.reapplyDrift()),
                flag(body, "forceConflicts", current.forceConflicts()), timeout, null, null, target);
        if (body.has("server")) {
            JsonNode value = body.get("server");
            if (!value.isNull() && !(value.isTextual() && io.maestro.server.hosts.ServerRegistry.NAME.matcher(value.asText()).matches())) {
                throw ApiException.badRequest("server: expected a registered server's name (lower-case letters, digits, '-') or null, got "
                        + value);
            }
            deployments.requireServer(value.isNull() ? null : value.asText());
        }
        EnvironmentSettings stored = deployments.updateSettings(wanted, Auth.actor(ctx));
        if (body.has("server")) {
            deployments.setDefaultServer(stored.application(), stored.environment(),
                    body.get("server").isNull() ? null : body.get("server").asText(), Auth.actor(ctx));
        }
        ctx.json(withServer(settings(stored)));
    }

    /** {@code DELETE /apps/{app}/environments/{env}/local?purge=true}: what {@code maestro down} calls. */
    void removeLocal(Context ctx) {
        boolean purge = "true".equals(ctx.queryParam("purge"));
        LocalTarget.Removal removal = deployments.removeLocal(ctx.pathParam("app"), ctx.pathParam("env"), purge, Auth.actor(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("containers", removal.containers());
        out.put("components", removal.components());
        out.put("purged", removal.purged());
        ctx.json(out);
    }

    /** {@code POST /apps/{app}/environments/{env}/unlock}. */
    void unlock(Context ctx) {
        var released = deployments.unlock(ctx.pathParam("app"), ctx.pathParam("env"), Auth.actor(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("released", released.isPresent());
        out.put("holder", released.map(l -> l.holder()).orElse(null));
        out.put("acquiredAt", released.map(l -> time(l.acquiredAt())).orElse(null));
        out.put("expiresAt", released.map(l -> time(l.expiresAt())).orElse(null));
        ctx.json(out);
    }

    // --- JSON ----------------------------------------------------------------------------------

    /** The Deployment JSON of the contract. */
    public static Map<String, Object> deployment(DeploymentInfo d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("application", d.application());
        out.put("environment", d.environment());
        out.put("version", d.version());
        out.put("status", d.status().name().toLowerCase(Locale.ROOT));
        out.put("requestedBy", d.requestedBy());
        out.put("createdAt", time(d.createdAt()));
        out.put("startedAt", time(d.startedAt()));
        out.put("finishedAt", time(d.finishedAt()));
        out.put("detail", d.detail());
        out.put("cluster", d.cluster());
        out.put("rollbackOf", d.rollbackOf());
        return out;
    }

    /** The JSON {@code data} of an SSE event. */
    public static Map<String, Object> event(DeploymentEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (event) {
            case DeploymentEvent.Log log -> {
                out.put("time", time(log.time()));
                out.put("line", log.line());
            }
            case DeploymentEvent.Step step -> {
                out.put("seq", step.seq());
                out.put("name", step.name());
                out.put("status", step.status());
                out.put("detail", step.detail());
            }
            case DeploymentEvent.Progress p -> {
                out.put("service", p.service());
                out.put("desired", p.desired());
                out.put("updated", p.updated());
                out.put("ready", p.ready());
                out.put("available", p.available());
            }
            case DeploymentEvent.Done done -> {
                out.put("status", done.status());
                out.put("detail", done.detail());
            }
        }
        return out;
    }

    private static Map<String, Object> step(DeploymentStep s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", s.seq());
        out.put("name", s.name());
        out.put("status", s.status().name().toLowerCase(Locale.ROOT));
        out.put("startedAt", time(s.startedAt()));
        out.put("finishedAt", time(s.finishedAt()));
        out.put("detail", s.detail());
        return out;
    }

    private static Map<String, Object> logLine(LogLine line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", time(line.at()));
        out.put("line", line.line());
        return out;
    }

    private static Map<String, Object> drift(DriftReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkedAt", time(report.checkedAt()));
        out.put("objects", report.objects().stream().map(o -> Map.of("kind", o.kind(), "name", o.name(), "change", o.change())).toList());
        return out;
    }

    private static Map<String, Object> settings(EnvironmentSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", s.application());
        out.put("environment", s.environment());
        out.put("target", s.target());
        out.put("cluster", s.cluster());
        out.put("autoRollback", s.autoRollback());
        out.put("reapplyDrift", s.reapplyDrift());
        out.put("forceConflicts", s.forceConflicts());
        out.put("rolloutTimeoutSeconds", s.rolloutTimeoutSeconds());
        out.put("updatedAt", time(s.updatedAt()));
        out.put("updatedBy", s.updatedBy());
        return out;
    }

    private static Map<String, String> error(String code, String message) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- request parsing ------------------------------------------------------------------------

    private JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("expected a JSON object as the request body, got malformed JSON");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("expected a JSON object as the request body");
        }
        return body;
    }

    private static String environment(JsonNode body) {
        JsonNode value = body.get("environment");
        if (value == null || value.isNull()) {
            return "production";
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("environment: expected a name such as \"production\", got " + value);
        }
        return value.asText();
    }

    private static int positiveInt(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw ApiException.badRequest(field + ": expected a positive whole number, got " + value);
        }
        return value.asInt();
    }

    private static boolean flag(JsonNode body, String field, boolean current) {
        JsonNode value = body.get(field);
        if (value == null) {
            return current;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + ": expected true or false, got " + value);
        }
        return value.asBoolean();
    }

    private static long id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("no deployment '" + text + "': expected a deployment number");
    }

    private static void close(AutoCloseable subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // nothing left to release
            }
        }
    }
}
