package io.maestro.server.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.RouteGroup;
import io.maestro.server.build.BuildInfo;
import io.maestro.server.build.BuildService;
import io.maestro.server.build.MinutesReport;
import io.maestro.server.dashboard.view.BuildPage;
import io.maestro.server.dashboard.view.BuildRow;
import io.maestro.server.dashboard.view.BuildsPage;
import io.maestro.server.dashboard.view.LogRow;
import io.maestro.server.dashboard.view.Viewer;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.Role;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard's builds pages: {@code GET /builds} (recent builds, this month's Build Minutes
 * and a chart of minutes per day) and {@code GET /builds/{build}} (a build with its live log, fed
 * by {@code GET /builds/{build}/events}). Behind the dashboard's session like its other pages.
 */
public final class BuildPages implements RouteGroup {

    private static final int RECENT = 50;

    private final BuildService builds;
    private final ObjectMapper json;
    private final Templates templates = new Templates();

    public BuildPages(BuildService builds, ObjectMapper json) {
        this.builds = builds;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.get("/builds", this::list, Access.VIEWER);
        app.get("/builds/{build}", this::show, Access.VIEWER);
        app.sse("/builds/{build}/events", this::events, Access.VIEWER);
    }

    @Override
    public String openApiFragment() {
        return "build-pages.json";
    }

    private void list(Context ctx) {
        MinutesReport minutes = builds.minutes();
        templates.render(ctx, "builds.jte", new BuildsPage(viewer(ctx), builds.list(Optional.empty(), RECENT).stream()
                .map(BuildPages::row).toList(), minutes.plan().name(), minutes.period().toString(), minutes.billedMinutes(),
                minutes.allowanceMinutes(), minutes.remainingMinutes(), minutes.projectedOverageMinutes(),
                minutes.overageCost().toPlainString(), minutes.exhausted(), MinutesChart.svg(minutes.perDay())));
    }

    private void show(Context ctx) {
        BuildInfo build = require(ctx);
        templates.render(ctx, "build.jte", new BuildPage(viewer(ctx), row(build), builds.log(build.id()).stream()
                .map(line -> new LogRow(DashboardRoutes.time(line.at()), line.line())).toList(), "/builds/" + build.id() + "/events"));
    }

    /** The build's log so far, live lines, then {@code done} (the same events as the API's). */
    private void events(SseClient client) {
        long id = require(client.ctx()).id();
        client.keepAlive();
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        client.onClose(() -> close(subscription.get()));
        subscription.set(builds.subscribe(id, line -> client.sendEvent("log", text(Map.of("line", line))), done -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", done.status().name().toLowerCase(Locale.ROOT));
            data.put("detail", done.detail());
            client.sendEvent("done", text(data));
            client.close();
        }));
        if (client.terminated()) {
            close(subscription.get());
        }
    }

    private BuildInfo require(Context ctx) {
        String text = ctx.pathParam("build");
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("expected a build number, got '" + text + "'");
        }
        return builds.find(id).orElseThrow(() -> ApiException.notFound("there is no build " + id));
    }

    private static BuildRow row(BuildInfo b) {
        return new BuildRow(b.id(), b.application(), b.service(), b.kind().name().toLowerCase(Locale.ROOT),
                b.status().name().toLowerCase(Locale.ROOT), b.ref(), b.commit(), b.image(), DashboardRoutes.time(b.createdAt()),
                b.meteredSeconds(), b.detail(), b.finished(), b.server() == null ? "this host" : b.server());
    }

    private static Viewer viewer(Context ctx) {
        Principal principal = Auth.principal(ctx);
        DashboardSession session = DashboardAuthenticator.optionalSession(ctx)
                .orElseThrow(() -> new IllegalStateException("a dashboard page ran without a session"));
        Role role = principal.user().role();
        return new Viewer(principal.user().name(), role.name().toLowerCase(Locale.ROOT), session.csrfToken(), role.allows(Role.DEPLOYER));
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
                // The browser is gone either way.
            }
        }
    }
}
