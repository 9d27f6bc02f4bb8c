package io.maestro.server.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.MaestroServer;
import io.maestro.server.RouteGroup;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.publish.DeploymentOptions;
import io.maestro.store.publish.DeploymentProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployment profiles (saved deploy options): {@code GET /apps/{app}/deployment-profiles}
 * (viewer), {@code POST} (deployer) {@code {name, services?, build?, strategy?}} and
 * {@code DELETE /apps/{app}/deployment-profiles/{name}} (deployer). A deploy request or a
 * redeploy hook names one with {@code profile} / {@code deployment_profile}.
 */
public final class ProfileRoutes implements RouteGroup {

    private final Store store;
    private final ObjectMapper json;

    public ProfileRoutes(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        String profiles = MaestroServer.API + "/apps/{app}/deployment-profiles";
        app.get(profiles, this::list, Access.VIEWER);
        app.post(profiles, this::create, Access.DEPLOYER);
        app.delete(profiles + "/{name}", this::delete, Access.DEPLOYER);
    }

    @Override
    public String openApiFragment() {
        return "deployment-profiles.json";
    }

    void list(Context ctx) {
        String app = ctx.pathParam("app");
        store.applications().require(app);
        ctx.json(Map.of("profiles", store.deploymentProfiles().list(app).stream().map(ProfileRoutes::profile).toList()));
    }

    void create(Context ctx) {
        String app = ctx.pathParam("app");
        store.applications().require(app);
        JsonBody body = JsonBody.of(ctx, json);
        String name = body.requiredText("name");
        List<String> services = new ArrayList<>();
        JsonNode list = body.node().get("services");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ApiException.badRequest("services: expected a list of service names, got " + list);
            }
            for (JsonNode item : list) {
                if (!item.isTextual() || !item.asText().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                    throw ApiException.badRequest("services: expected service names (DNS labels), got " + item);
                }
                services.add(item.asText());
            }
        }
        boolean build = body.optionalBoolean("build").orElse(true);
        String strategy = body.optionalText("strategy").orElse(DeploymentOptions.PARALLEL);
        DeploymentProfile wanted;
        try {
            wanted = new DeploymentProfile(app, name, services, build, strategy, null, null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Actor actor = Auth.actor(ctx);
        DeploymentProfile saved = store.inTransaction(() -> {
            DeploymentProfile created = store.deploymentProfiles().create(wanted, actor.name());
            store.audit().record(actor, "profile.create", app + "/" + name, "services "
                    + (services.isEmpty() ? "(all)" : String.join(",", services)) + ", build " + build + ", strategy " + strategy);
            return created;
        });
        ctx.status(HttpStatus.CREATED).json(profile(saved));
    }

    void delete(Context ctx) {
        String app = ctx.pathParam("app");
        String name = ctx.pathParam("name");
        store.applications().require(app);
        Actor actor = Auth.actor(ctx);
        store.inTransaction(() -> {
            if (!store.deploymentProfiles().delete(app, name)) {
                throw new NotFoundException("application '" + app + "' has no deployment profile '" + name + "'");
            }
            store.audit().record(actor, "profile.delete", app + "/" + name, "deleted");
            return null;
        });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    static Map<String, Object> profile(DeploymentProfile p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", p.application());
        out.put("name", p.name());
        out.put("services", p.services());
        out.put("build", p.build());
        out.put("strategy", p.strategy());
        out.put("createdAt", p.createdAt() == null ? null : p.createdAt().toString());
        out.put("createdBy", p.createdBy());
        return out;
    }
}
