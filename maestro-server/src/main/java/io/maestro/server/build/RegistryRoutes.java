package io.maestro.server.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.RouteGroup;
import io.maestro.store.Store;
import io.maestro.store.build.RegistryCredential;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The REGISTRIES routes: credentials of the registries builds push to. Passwords go in once
 * (sealed in the store) and never come back out; the default registry is where builds push.
 */
public final class RegistryRoutes implements RouteGroup {

    private static final String API = "/api/v1";
    static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,255}");

    private final Store store;
    private final ObjectMapper json;

    public RegistryRoutes(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.post(API + "/registries", this::add, Access.ADMIN);
        app.get(API + "/registries", this::list, Access.VIEWER);
        app.delete(API + "/registries/{host}", this::remove, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "registries.json";
    }

    /** {@code POST /registries} {@code {host, username, password, default?}}. */
    void add(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        String host = JsonBody.matching("host", body.requiredText("host"), HOST, "a registry host[:port] such as registry.example.com");
        String username = JsonBody.matching("username", body.requiredText("username"), USERNAME,
                "a user name (letters, digits, . _ @ + -)");
        String password = body.requiredText("password");
        if (password.isEmpty() || password.contains("\n")) {
            throw ApiException.badRequest("password: expected one non-empty line");
        }
        boolean makeDefault = body.optionalBoolean("default").orElse(false);
        RegistryCredential added = store.inTransaction(() -> {
            RegistryCredential saved = store.registries().put(host, username, password, makeDefault, Auth.actor(ctx).name());
            store.audit().record(Auth.actor(ctx), "registry.add", host, "user " + username + (makeDefault ? ", default for builds" : ""));
            return saved;
        });
        ctx.status(HttpStatus.CREATED).json(registry(added));
    }

    /** {@code GET /registries}: hosts and user names, never passwords. */
    void list(Context ctx) {
        ctx.json(Map.of("registries", store.registries().list().stream().map(RegistryRoutes::registry).toList()));
    }

    /** {@code DELETE /registries/{host}}. */
    void remove(Context ctx) {
        String host = ctx.pathParam("host");
        boolean removed = store.inTransaction(() -> {
            boolean gone = store.registries().remove(host);
            if (gone) {
                store.audit().record(Auth.actor(ctx), "registry.remove", host, null);
            }
            return gone;
        });
        if (!removed) {
            throw ApiException.notFound("no registry '" + host + "'");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Map<String, Object> registry(RegistryCredential registry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", registry.host());
        out.put("username", registry.username());
        out.put("default", registry.isDefault());
        out.put("addedAt", registry.addedAt().toString());
        out.put("addedBy", registry.addedBy());
        return out;
    }
}
