package io.maestro.server.env;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.model.bind.Binder;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.MaestroServer;
import io.maestro.server.RouteGroup;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.Role;
import io.maestro.store.env.EnvVarChange;
import io.maestro.store.env.EnvVarShare;
import io.maestro.store.secret.SecretName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Env vars of applications: {@code GET /apps/{app}/env-vars} (viewer), {@code PUT} and
 * {@code DELETE /apps/{app}/env-vars/{name}} (deployer), {@code GET .../{name}/history} (viewer);
 * shares for cross-application references: {@code GET /apps/{app}/env-var-shares} (viewer),
 * {@code PUT} and {@code DELETE /apps/{app}/env-var-shares/{target}} (admin).
 *
 * <p>A secret's value goes to the {@link io.maestro.store.secret.SecretStore} (AES-GCM at rest);
 * the env var's history row only names it. Secret values are never answered, except to an admin
 * who asks with {@code reveal=true}, and that is audited. Audit entries name variables and scopes,
 * never values. A variable that is a secret stays a secret when it is set again without
 * {@code "secret": false}, so a routine update cannot turn it plain by accident.
 */
public final class EnvVarRoutes implements RouteGroup {

    private static final int MAX_VALUE_CHARS = 65_536;

    private final Store store;
    private final ObjectMapper json;

    public EnvVarRoutes(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        String vars = MaestroServer.API + "/apps/{app}/env-vars";
        app.get(vars, this::list, Access.VIEWER);
        app.put(vars + "/{name}", this::set, Access.DEPLOYER);
        app.delete(vars + "/{name}", this::unset, Access.DEPLOYER);
        app.get(vars + "/{name}/history", this::history, Access.VIEWER);
        String shares = MaestroServer.API + "/apps/{app}/env-var-shares";
        app.get(shares, this::shares, Access.VIEWER);
        app.put(shares + "/{target}", this::share, Access.ADMIN);
        app.delete(shares + "/{target}", this::unshare, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "env-vars.json";
    }

    /** {@code GET /apps/{app}/env-vars?service=S&environment=E&reveal=true}: the filters are optional. */
    void list(Context ctx) {
        String app = requireApp(ctx);
        String service = ctx.queryParam("service");
        String environment = ctx.queryParam("environment");
        EnvScope filter = EnvScope.of(service, environment);
        boolean reveal = flag(ctx, "reveal");
        Principal caller = Auth.principal(ctx);
        if (reveal && !caller.has(Role.ADMIN)) {
            throw new ApiException(403, "forbidden", "revealing secret values needs the role admin, user '"
                    + caller.user().name() + "' has " + caller.user().role().name().toLowerCase());
        }
        List<EnvVarChange> vars = store.envVars().currentAll(app).stream()
                .filter(v -> filter.service() == null || filter.service().equals(v.service()))
                .filter(v -> filter.environment() == null || filter.environment().equals(v.environment()))
                .toList();
        if (reveal) {
            List<String> secrets = vars.stream().filter(EnvVarChange::isSecret)
                    .map(v -> v.name() + " (" + EnvScope.of(v.service(), v.environment()).describe() + ")").toList();
            store.audit().record(Auth.actor(ctx), "env-var.reveal", app,
                    secrets.isEmpty() ? "no secret in the listing" : "revealed " + String.join(", ", secrets));
        }
        ctx.json(Map.of("envVars", vars.stream().map(v -> envVar(v, reveal ? secretValue(v) : null)).toList()));
    }

    /** {@code PUT /apps/{app}/env-vars/{name}} {@code {value, service?, environment?, secret?}}. */
    void set(Context ctx) {
        String app = requireApp(ctx);
        String name = EnvScope.varName(ctx.pathParam("name"));
        JsonBody body = JsonBody.of(ctx, json);
        String value = body.requiredText("value");
        if (value.length() > MAX_VALUE_CHARS) {
            throw ApiException.badRequest("value: expected at most " + MAX_VALUE_CHARS + " characters, got " + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest("value: expected text without NUL characters (processes cannot receive them)");
        }
        EnvScope scope = EnvScope.of(body.optionalText("service").orElse(null), body.optionalText("environment").orElse(null));
        Optional<Boolean> secretAsked = body.optionalBoolean("secret");
        Actor actor = Auth.actor(ctx);
        EnvVarChange change = store.inTransaction(() -> {
            Optional<EnvVarChange> before = store.envVars().current(app, scope.service(), scope.environment(), name);
            boolean wasSecret = before.map(EnvVarChange::isSecret).orElse(false);
            boolean secret = secretAsked.orElse(wasSecret);
            SecretName secretName = new SecretName(app, scope.secretScope(), scope.secretName(name));
            EnvVarChange stored;
            if (secret) {
                store.secrets().put(secretName, value);
                stored = store.envVars().setSecret(app, scope.service(), scope.environment(), name, secretName.name(),
                        actor.name());
            } else {
                if (wasSecret) {
                    store.secrets().delete(secretName);
                }
                stored = store.envVars().set(app, scope.service(), scope.environment(), name, value, actor.name());
            }
            store.audit().record(actor, "env-var.set", app, name + " (" + scope.describe() + "): "
                    + (secret ? "secret value" : "plain value") + (wasSecret && !secret ? ", no longer a secret" : ""));
            return stored;
        });
        ctx.json(envVar(change, null));
    }

    /** {@code DELETE /apps/{app}/env-vars/{name}?service=S&environment=E}. */
    void unset(Context ctx) {
        String app = requireApp(ctx);
        String name = EnvScope.varName(ctx.pathParam("name"));
        EnvScope scope = EnvScope.of(ctx.queryParam("service"), ctx.queryParam("environment"));
        Actor actor = Auth.actor(ctx);
        store.inTransaction(() -> {
            EnvVarChange before = store.envVars().current(app, scope.service(), scope.environment(), name)
                    .orElseThrow(() -> ApiException.notFound("env var " + Binder.quote(name) + " is not set ("
                            + scope.describe() + ") on application " + Binder.quote(app)));
            store.envVars().unset(app, scope.service(), scope.environment(), name, actor.name());
            if (before.isSecret()) {
                store.secrets().delete(new SecretName(app, scope.secretScope(), before.secretRef()));
            }
            store.audit().record(actor, "env-var.unset", app, name + " (" + scope.describe() + ")");
            return null;
        });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code GET /apps/{app}/env-vars/{name}/history?service=S&environment=E}: newest first, no secret values. */
    void history(Context ctx) {
        String app = requireApp(ctx);
        String name = EnvScope.varName(ctx.pathParam("name"));
        EnvScope scope = EnvScope.of(ctx.queryParam("service"), ctx.queryParam("environment"));
        List<Map<String, Object>> changes = store.envVars().history(app, scope.service(), scope.environment(), name).stream()
                .map(EnvVarRoutes::change)
                .toList();
        ctx.json(Map.of("changes", changes));
    }

    /** {@code GET /apps/{app}/env-var-shares}: the shares where the application is the source or the target. */
    void shares(Context ctx) {
        String app = requireApp(ctx);
        ctx.json(Map.of("shares", store.envVarShares().involving(app).stream().map(s -> share(s, null)).toList()));
    }

    /**
     * {@code PUT /apps/{app}/env-var-shares/{target}}: deployments of {@code target} may resolve
     * references to {@code app}'s variables whoever requested them (see {@link StackReferences}).
     */
    void share(Context ctx) {
        String app = requireApp(ctx);
        String target = requireApp(ctx.pathParam("target"));
        if (app.equals(target)) {
            throw ApiException.badRequest("target: expected another application, got " + Binder.quote(target)
                    + " (an application always reads its own variables)");
        }
        Actor actor = Auth.actor(ctx);
        boolean created = store.inTransaction(() -> {
            boolean isNew = store.envVarShares().share(app, target, actor.name());
            if (isNew) {
                store.audit().record(actor, "env-var.share", app, "variables shared with application " + target);
            }
            return isNew;
        });
        EnvVarShare share = store.envVarShares().involving(app).stream().filter(s -> s.source().equals(app)
                && s.target().equals(target)).findFirst().orElseThrow();
        ctx.json(share(share, created));
    }

    /** {@code DELETE /apps/{app}/env-var-shares/{target}}. */
    void unshare(Context ctx) {
        String app = requireApp(ctx);
        String target = requireApp(ctx.pathParam("target"));
        Actor actor = Auth.actor(ctx);
        store.inTransaction(() -> {
            if (!store.envVarShares().unshare(app, target)) {
                throw ApiException.notFound("application " + Binder.quote(app) + " does not share its variables with "
                        + Binder.quote(target));
            }
            store.audit().record(actor, "env-var.unshare", app, "variables no longer shared with application " + target);
            return null;
        });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Map<String, Object> share(EnvVarShare s, Boolean created) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", s.source());
        out.put("target", s.target());
        out.put("createdAt", s.createdAt().toString());
        out.put("createdBy", s.createdBy());
        if (created != null) {
            out.put("created", created);
        }
        return out;
    }

    private String secretValue(EnvVarChange v) {
        if (!v.isSecret()) {
            return v.value();
        }
        return store.secrets().get(EnvVarValues.secretOf(v)).orElse(null);
    }

    private String requireApp(Context ctx) {
        return requireApp(ctx.pathParam("app"));
    }

    private String requireApp(String name) {
        return store.applications().find(name)
                .orElseThrow(() -> ApiException.notFound("no application named " + Binder.quote(name)))
                .name();
    }

    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest(name + ": expected true or false, got " + Binder.quote(value));
    }

    /** The listing's view; {@code revealed} is the secret's value when an admin asked for it. */
    private static Map<String, Object> envVar(EnvVarChange v, String revealed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("service", v.service());
        out.put("environment", v.environment());
        out.put("value", v.isSecret() ? revealed : v.value());
        out.put("secret", v.isSecret());
        out.put("updatedAt", v.at().toString());
        out.put("updatedBy", v.setBy());
        return out;
    }

    private static Map<String, Object> change(EnvVarChange c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", c.unset() ? "unset" : "set");
        out.put("service", c.service());
        out.put("environment", c.environment());
        out.put("secret", c.isSecret());
        out.put("value", c.isSecret() || c.unset() ? null : c.value());
        out.put("at", c.at().toString());
        out.put("by", c.setBy());
        return Objects.requireNonNull(out);
    }
}
