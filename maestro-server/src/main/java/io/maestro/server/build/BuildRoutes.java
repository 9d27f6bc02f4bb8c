package io.maestro.server.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.minutes.BuildMinutesExhaustedException;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.MaestroException;
import io.maestro.model.service.Service;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.RouteGroup;
import io.maestro.server.deploy.BuildVariables;
import io.maestro.store.Store;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.build.BuildLogLine;
import io.maestro.store.db.NotFoundException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The BUILDS routes: builds (request, list, show with log, live log events, cancel), retags, and
 * the Build Minutes report and plan. The work is {@link BuildService}'s; this class reads
 * requests, finds a service's git source in the application's latest version, and writes JSON.
 */
public final class BuildRoutes implements RouteGroup {

    private static final String API = "/api/v1";
    private static final int MAX_LIMIT = 500;
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final BuildService builds;
    private final Store store;
    private final ObjectMapper json;

    public BuildRoutes(BuildService builds, Store store, ObjectMapper json) {
        this.builds = builds;
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.post(API + "/apps/{app}/builds", this::request, Access.DEPLOYER);
        app.post(API + "/apps/{app}/retags", this::retag, Access.DEPLOYER);
        app.get(API + "/builds", this::list, Access.VIEWER);
        app.get(API + "/builds/{build}", this::show, Access.VIEWER);
        app.sse(API + "/builds/{build}/events", this::events, Access.VIEWER);
        app.post(API + "/builds/{build}/cancel", this::cancel, Access.DEPLOYER);
        app.get(API + "/build-minutes", this::minutes, Access.VIEWER);
        app.put(API + "/build-minutes/plan", this::setPlan, Access.ADMIN);

        app.exception(BuildMinutesExhaustedException.class,
                (e, ctx) -> ctx.status(409).json(error("build_minutes_exhausted", e.getMessage())));
        app.exception(BuildException.class, (e, ctx) -> ctx.status(422).json(error("invalid", e.getMessage())));
    }

    @Override
    public String openApiFragment() {
        return "builds.json";
    }

    /** {@code POST /apps/{app}/builds} {@code {service, ref?, environment?}}: builds the service's git source. */
    void request(Context ctx) {
        String app = ctx.pathParam("app");
        JsonBody body = JsonBody.of(ctx, json);
        String serviceName = body.requiredText("service");
        String environment = JsonBody.matching("environment", body.optionalText("environment").orElse("production"),
                ENVIRONMENT, "an environment name (lowercase letters, digits, -)");
        ApplicationVersion latest = store.versions().latest(app)
                .orElseThrow(() -> new NotFoundException("application '" + app + "' has no version; create it first"));
        AppDefinition definition;
        try {
            definition = DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", latest.serviceYml()),
                    Optional.ofNullable(latest.manifestYml()).map(text -> DefinitionLoader.Source.text("manifest.yml", text)),
                    environment);
        } catch (MaestroException e) {
            throw new ApiException(422, "invalid", "application '" + app + "' version " + latest.version()
                    + " does not load: " + e.getMessage());
        }
        Service service = definition.services().services().get(serviceName);
        if (service == null) {
            throw ApiException.notFound("service: application '" + app + "' version " + latest.version() + " has no service '"
                    + serviceName + "' (it has " + String.join(", ", definition.services().services().keySet()) + ")");
        }
        var source = service.optionalBuild().filter(b -> b.fromGit()).orElseThrow(() -> new ApiException(422, "invalid",
                "service '" + serviceName + "' of '" + app + "' has no git_url: only services built from git can be built"
                        + " (a service with image: uses that image)"));
        String ref = body.optionalText("ref").or(() -> Optional.ofNullable(source.gitBranch()))
                .orElseThrow(() -> ApiException.badRequest("ref: service '" + serviceName + "' has no git_branch; give a ref"));
        // As a deployment resolves them: API-set values and secrets too (secrets are masked in the build's log).
        BuildVariables variables = BuildVariables.resolve(store, definition, app, environment, serviceName,
                Auth.actor(ctx).name());
        BuildSpec spec = BuildSpec.of(source.gitUrl(), ref).withBuildRoot(source.buildRoot())
                .withDockerfilePath(source.dockerfilePath())
                .withEnv(variables.values(), variables.secretNames());
        BuildInfo queued = builds.submit(app, serviceName, spec, Auth.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(build(queued));
    }

    /** {@code POST /apps/{app}/retags} {@code {service, from, tag}}. */
    void retag(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        BuildInfo queued = builds.retag(ctx.pathParam("app"), body.requiredText("service"), body.requiredText("from"),
                body.requiredText("tag"), Auth.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(build(queued));
    }

    /** {@code GET /builds?app=A&limit=N}. */
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
        ctx.json(Map.of("builds", builds.list(Optional.ofNullable(ctx.queryParam("app")), limit).stream()
                .map(BuildRoutes::build).toList()));
    }

    /** {@code GET /builds/{build}}: with its log. */
    void show(Context ctx) {
        long id = id(ctx);
        Map<String, Object> out = build(builds.require(id));
        out.put("log", builds.log(id).stream().map(BuildRoutes::logLine).toList());
        ctx.json(out);
    }

    /** {@code GET /builds/{build}/events}: the log so far, live lines ({@code log}), then {@code done} and the end. */
    void events(SseClient client) {
        long id = id(client.ctx());
        builds.require(id);
        client.keepAlive();
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        client.onClose(() -> close(subscription.get()));
        subscription.set(builds.subscribe(id, line -> client.sendEvent("log", text(Map.of("line", line))), done -> {
            client.sendEvent("done", text(build(done)));
            client.close();
        }));
        if (client.terminated()) {
            close(subscription.get());
        }
    }

    /** {@code POST /builds/{build}/cancel}. */
    void cancel(Context ctx) {
        long id = id(ctx);
        builds.cancel(id, Auth.actor(ctx));
        ctx.json(build(builds.require(id)));
    }

    /** {@code GET /build-minutes}: the current period. */
    void minutes(Context ctx) {
        ctx.json(minutes(builds.minutes()));
    }

    /** {@code PUT /build-minutes/plan} {@code {name, includedMinutes, overagePerMinute, rounding?, hardStop}}. */
    void setPlan(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        String name = JsonBody.matching("name", body.requiredText("name"), Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}"),
                "a plan name (lowercase letters, digits, . _ -)");
        JsonNode included = body.node().get("includedMinutes");
        if (included == null || !included.canConvertToLong() || !included.isIntegralNumber() || included.asLong() < 0) {
            throw ApiException.badRequest("includedMinutes: expected a whole number of minutes, 0 or more, got " + included);
        }
        JsonNode price = body.node().get("overagePerMinute");
        BigDecimal overage;
        if (price == null || price.isNull()) {
            overage = BigDecimal.ZERO;
        } else {
            try {
                overage = new BigDecimal(price.asText());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("overagePerMinute: expected a price in dollars such as \"0.03\", got " + price);
            }
            if (overage.signum() < 0) {
                throw ApiException.badRequest("overagePerMinute: expected 0 or more, got " + price);
            }
        }
        String roundingText = body.optionalText("rounding").orElse("up_to_dollar");
        OverageRounding rounding;
        try {
            rounding = OverageRounding.valueOf(roundingText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("rounding: expected up_to_dollar or up_to_cent, got '" + roundingText + "'");
        }
        boolean hardStop = body.optionalBoolean("hardStop")
                .orElseThrow(() -> ApiException.badRequest("hardStop: expected true or false, got nothing"));
        builds.setPlan(new Plan(name, included.asLong(), overage, rounding, hardStop), Auth.actor(ctx));
        ctx.json(minutes(builds.minutes()));
    }

    /** The application's and the service's env vars that are known offline and not secret. */
    static Map<String, Object> build(BuildInfo info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", info.id());
        out.put("application", info.application());
        out.put("service", info.service());
        out.put("kind", word(info.kind()));
        out.put("status", word(info.status()));
        out.put("ref", info.ref());
        out.put("commit", info.commit());
        out.put("image", info.image());
        out.put("digest", info.digest());
        out.put("createdAt", info.createdAt() == null ? null : info.createdAt().toString());
        out.put("startedAt", info.startedAt() == null ? null : info.startedAt().toString());
        out.put("finishedAt", info.finishedAt() == null ? null : info.finishedAt().toString());
        out.put("meteredSeconds", info.meteredSeconds());
        out.put("detail", info.detail());
        out.put("server", info.server());
        return out;
    }

    static Map<String, Object> minutes(MinutesReport report) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", report.plan().name());
        plan.put("includedMinutes", report.plan().includedMinutes());
        plan.put("overagePerMinute", report.plan().overagePerMinute().toPlainString());
        plan.put("rounding", word(report.plan().rounding()));
        plan.put("hardStop", report.plan().hardStop());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan);
        out.put("period", report.period().toString());
        out.put("usedSeconds", report.usedSeconds());
        out.put("builds", report.builds());
        out.put("billedMinutes", report.billedMinutes());
        out.put("allowanceMinutes", report.allowanceMinutes());
        out.put("remainingMinutes", report.remainingMinutes());
        out.put("overageMinutes", report.overageMinutes());
        out.put("projectedOverageMinutes", report.projectedOverageMinutes());
        out.put("overageCost", report.overageCost().toPlainString());
        out.put("projectedOverageCost", report.projectedOverageCost().toPlainString());
        out.put("exhausted", report.exhausted());
        out.put("perDay", report.perDay().stream().map(day -> Map.of("day", day.day().toString(),
                "minutes", day.minutes().toPlainString())).toList());
        return out;
    }

    private static Map<String, Object> logLine(BuildLogLine line) {
        return Map.of("seq", line.seq(), "at", line.at().toString(), "line", line.line());
    }

    private static long id(Context ctx) {
        String text = ctx.pathParam("build");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("build: expected a build id (a positive number), got '" + text + "'");
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(AutoCloseable subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // Closing a subscription only removes a listener.
            }
        }
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> error(String code, String message) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        return out;
    }
}
