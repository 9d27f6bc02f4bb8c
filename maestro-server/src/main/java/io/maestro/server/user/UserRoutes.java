package io.maestro.server.user;

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
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.ApiToken;
import io.maestro.store.auth.IssuedToken;
import io.maestro.store.auth.Principal;
import io.maestro.store.auth.Role;
import io.maestro.store.auth.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Users, API tokens and the audit log: {@code GET /me}; {@code GET/POST /users} and
 * {@code PUT /users/{name}} (admin); {@code POST/GET /users/{name}/tokens} and
 * {@code DELETE /tokens/{prefix}} (an admin, or the token's owner); {@code GET /audit} (admin).
 * A token's clear value is answered once, when it is created. Every mutation is audited in the
 * same transaction as the change.
 */
public final class UserRoutes implements RouteGroup {

    /** User names appear in audit lines and URLs: short, no spaces, no slashes. */
    static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final int DEFAULT_AUDIT_LIMIT = 50;
    static final int MAX_AUDIT_LIMIT = 1000;
    private static final int MAX_DESCRIPTION = 200;

    private final Store store;
    private final ObjectMapper json;

    public UserRoutes(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        String api = MaestroServer.API;
        app.get(api + "/me", this::me, Access.VIEWER);
        app.get(api + "/users", this::list, Access.ADMIN);
        app.post(api + "/users", this::create, Access.ADMIN);
        app.put(api + "/users/{name}", this::setRole, Access.ADMIN);
        // Viewers reach the token routes, for their own tokens only: the handlers check ownership.
        app.post(api + "/users/{name}/tokens", this::createToken, Access.VIEWER);
        app.get(api + "/users/{name}/tokens", this::listTokens, Access.VIEWER);
        app.delete(api + "/tokens/{prefix}", this::revokeToken, Access.VIEWER);
        app.get(api + "/audit", this::audit, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "users.json";
    }

    /** {@code GET /me}: who the token belongs to. */
    void me(Context ctx) {
        ctx.json(user(Auth.principal(ctx).user()));
    }

    /** {@code GET /users}. */
    void list(Context ctx) {
        ctx.json(Map.of("users", store.users().list().stream().map(UserRoutes::user).toList()));
    }

    /** {@code POST /users} {@code {name, role}}. */
    void create(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        String name = JsonBody.matching("name", body.requiredText("name"), USER_NAME,
                "a user name of lowercase letters, digits, '.', '_' or '-' (at most 63 characters)");
        Role role = role(body.requiredText("role"));
        Actor actor = Auth.actor(ctx);
        User user = store.inTransaction(() -> {
            User created = store.users().create(name, role);
            store.audit().record(actor, "user.create", name, "role " + lower(role));
            return created;
        });
        ctx.status(HttpStatus.CREATED).json(user(user));
    }

    /** {@code PUT /users/{name}} {@code {role}}. */
    void setRole(Context ctx) {
        String name = ctx.pathParam("name");
        Role role = role(JsonBody.of(ctx, json).requiredText("role"));
        Actor actor = Auth.actor(ctx);
        User user = store.inTransaction(() -> {
            User before = store.users().require(name);
            if (before.role() == Role.ADMIN && role != Role.ADMIN
                    && store.users().list().stream().filter(u -> u.role() == Role.ADMIN).count() == 1) {
                throw new ApiException(409, "conflict", "user " + Binder.quote(name)
                        + " is the only admin; make another user admin first, so that someone can still manage users");
            }
            User after = store.users().setRole(name, role);
            store.audit().record(actor, "user.role", name, lower(before.role()) + " -> " + lower(role));
            return after;
        });
        ctx.json(user(user));
    }

    /** {@code POST /users/{name}/tokens} {@code {description?}}: the clear token, once. */
    void createToken(Context ctx) {
        String name = ctx.pathParam("name");
        requireSelfOrAdmin(ctx, name);
        String description = JsonBody.of(ctx, json).optionalText("description").map(String::strip).orElse(null);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description: expected at most " + MAX_DESCRIPTION + " characters, got "
                    + description.length());
        }
        Actor actor = Auth.actor(ctx);
        IssuedToken issued = store.inTransaction(() -> {
            store.users().require(name);
            IssuedToken token = store.tokens().issue(name, description);
            store.audit().record(actor, "token.create", name, "prefix " + token.token().prefix()
                    + (description == null ? "" : ": " + description));
            return token;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", issued.value());
        out.putAll(token(issued.token()));
        ctx.status(HttpStatus.CREATED).json(out);
    }

    /** {@code GET /users/{name}/tokens}: prefixes only. */
    void listTokens(Context ctx) {
        String name = ctx.pathParam("name");
        requireSelfOrAdmin(ctx, name);
        store.users().require(name);
        ctx.json(Map.of("tokens", store.tokens().list(name).stream().map(UserRoutes::token).toList()));
    }

    /** {@code DELETE /tokens/{prefix}}: revokes the live token with that prefix. */
    void revokeToken(Context ctx) {
        String prefix = ctx.pathParam("prefix");
        Principal caller = Auth.principal(ctx);
        List<ApiToken> live = store.tokens().findByPrefix(prefix).stream()
                .filter(t -> !t.revoked())
                .filter(t -> caller.has(Role.ADMIN) || t.userName().equals(caller.user().name()))
                .toList();
        if (live.isEmpty()) {
            // Also for another user's token: a non-admin learns nothing about tokens that are not theirs.
            throw ApiException.notFound("no live token with prefix " + Binder.quote(prefix)
                    + (caller.has(Role.ADMIN) ? "" : " among the tokens of user " + Binder.quote(caller.user().name())));
        }
        if (live.size() > 1) {
            throw new ApiException(409, "conflict", "several live tokens share the prefix " + Binder.quote(prefix)
                    + "; revoke them by user with an admin token");
        }
        ApiToken token = live.get(0);
        Actor actor = Auth.actor(ctx);
        store.inTransaction(() -> {
            store.tokens().revoke(token.id());
            store.audit().record(actor, "token.revoke", token.userName(), "prefix " + token.prefix());
            return null;
        });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code GET /audit?limit=N}: newest first. */
    void audit(Context ctx) {
        String text = ctx.queryParam("limit");
        int limit = DEFAULT_AUDIT_LIMIT;
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
                throw ApiException.badRequest("limit: expected a number between 1 and " + MAX_AUDIT_LIMIT + ", got "
                        + Binder.quote(text));
            }
        }
        ctx.json(Map.of("entries", store.audit().recent(limit).stream().map(UserRoutes::entry).toList()));
    }

    private static void requireSelfOrAdmin(Context ctx, String name) {
        Principal caller = Auth.principal(ctx);
        if (!caller.has(Role.ADMIN) && !caller.user().name().equals(name)) {
            throw new ApiException(403, "forbidden", "this needs the role admin or to be user " + Binder.quote(name)
                    + ", user '" + caller.user().name() + "' has " + lower(caller.user().role()));
        }
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role: expected viewer, deployer or admin, got " + Binder.quote(text));
        }
    }

    private static String lower(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> user(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", user.name());
        out.put("role", lower(user.role()));
        out.put("createdAt", user.createdAt().toString());
        return out;
    }

    private static Map<String, Object> token(ApiToken token) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prefix", token.prefix());
        out.put("user", token.userName());
        out.put("description", token.description());
        out.put("createdAt", token.createdAt().toString());
        out.put("lastUsedAt", time(token.lastUsedAt()));
        out.put("revoked", token.revoked());
        return out;
    }

    private static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("at", e.at().toString());
        out.put("actor", e.actor());
        out.put("action", e.action());
        out.put("target", e.target());
        out.put("detail", e.detail());
        out.put("sourceAddress", e.sourceAddress());
        return out;
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
