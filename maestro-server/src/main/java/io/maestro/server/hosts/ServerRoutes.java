package io.maestro.server.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostKeyRejectedException;
import io.maestro.hosts.exec.KnownHosts;
import io.maestro.hosts.exec.SshTarget;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.MaestroServer;
import io.maestro.server.RouteGroup;
import io.maestro.store.Store;
import io.maestro.store.server.Server;
import io.maestro.store.server.ServerDao;
import io.maestro.store.server.ServerKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SERVERS routes: {@code POST /servers} (admin) registers a server after connecting to it
 * and gathering its facts; {@code GET /servers}, {@code GET /servers/{name}} (viewer);
 * {@code DELETE /servers/{name}} (admin); {@code POST /servers/{name}/exec} (admin) runs an argv
 * and answers its exit code and output, audited without the output. Private keys are never
 * answered.
 */
public final class ServerRoutes implements RouteGroup {

    static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_EXEC_TIMEOUT = Duration.ofHours(1);

    private final Store store;
    private final ObjectMapper json;
    private final ServerRegistry registry;
    private final java.util.function.ToIntFunction<String> runningBuilds;

    public ServerRoutes(Store store, ObjectMapper json) {
        this(store, json, null);
    }

    /** @param runningBuilds how many builds run on a build server now (null: not answered) */
    public ServerRoutes(Store store, ObjectMapper json, java.util.function.ToIntFunction<String> runningBuilds) {
        this.store = store;
        this.json = json;
        this.registry = new ServerRegistry(store, json, Clock.systemUTC());
        this.runningBuilds = runningBuilds;
    }

    @Override
    public void register(Javalin app) {
        String api = MaestroServer.API;
        app.post(api + "/servers", this::add, Access.ADMIN);
        app.get(api + "/servers", this::list, Access.VIEWER);
        app.get(api + "/servers/{name}", this::show, Access.VIEWER);
        app.delete(api + "/servers/{name}", this::remove, Access.ADMIN);
        app.post(api + "/servers/{name}/exec", this::exec, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "servers.json";
    }

    /** {@code POST /servers} {@code {name, local: true}} or {@code {name, ssh, privateKey, knownHosts?, trustNewHostKey?}}. */
    void add(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        String name = JsonBody.matching("name", body.requiredText("name"), ServerRegistry.NAME,
                "a DNS label (lowercase letters, digits and '-', at most 63 characters)");
        boolean local = body.optionalBoolean("local").orElse(false);
        var ssh = body.optionalText("ssh");
        if (local == ssh.isPresent()) {
            throw ApiException.badRequest("expected exactly one of \"local\": true or \"ssh\": \"user@host[:port]\"");
        }
        ServerRegistry.ServerSpec spec;
        if (local) {
            spec = new ServerRegistry.ServerSpec.Local();
        } else {
            SshTarget target;
            try {
                target = SshTarget.parse(ssh.get());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("ssh: " + e.getMessage());
            }
            String knownHosts = body.optionalText("knownHosts").orElse(null);
            try {
                KnownHosts.parse(knownHosts);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("knownHosts: " + e.getMessage());
            }
            spec = new ServerRegistry.ServerSpec.Ssh(target, body.requiredText("privateKey"), knownHosts,
                    body.optionalBoolean("trustNewHostKey").orElse(false));
        }
        int buildSlots = buildSlots(body);
        Server server = onHost(() -> registry.register(name, spec, Auth.actor(ctx)));
        if (buildSlots > 0) {
            registry.setBuildRole(name, buildSlots, Auth.actor(ctx));
        }
        ctx.status(HttpStatus.CREATED).json(server(server, true));
    }

    /**
     * The build slots asked for with {@code roles: ["build"]} (and {@code buildSlots}, default 1);
     * 0 without the build role. Checked before anything connects, so bad input changes nothing.
     */
    private static int buildSlots(JsonBody body) {
        JsonNode roles = body.node().get("roles");
        boolean build = false;
        if (roles != null && !roles.isNull()) {
            if (!roles.isArray()) {
                throw ApiException.badRequest("roles: expected an array such as [\"build\"], got " + roles);
            }
            for (JsonNode role : roles) {
                if (!role.isTextual() || !role.asText().equals("build")) {
                    throw ApiException.badRequest("roles: expected only \"build\" (the one server role there is), got " + role);
                }
                build = true;
            }
        }
        JsonNode slots = body.node().get("buildSlots");
        if (slots == null || slots.isNull()) {
            return build ? 1 : 0;
        }
        if (!build) {
            throw ApiException.badRequest("buildSlots: only for a build server (add \"roles\": [\"build\"])");
        }
        if (!slots.canConvertToInt() || slots.asInt() < 1 || slots.asInt() > 64) {
            throw ApiException.badRequest("buildSlots: expected a whole number from 1 to 64, got " + slots);
        }
        return slots.asInt();
    }

    /** {@code GET /servers}: every server with its facts, without the package lists. */
    void list(Context ctx) {
        List<ObjectNode> servers = store.servers().list().stream().map(s -> server(s, false)).toList();
        ctx.json(json.createObjectNode().set("servers", json.valueToTree(servers)));
    }

    /** {@code GET /servers/{name}}: the server with its facts and installed packages. */
    void show(Context ctx) {
        ctx.json(server(store.servers().require(ctx.pathParam("name")), true));
    }

    /** {@code DELETE /servers/{name}}. */
    void remove(Context ctx) {
        String name = ctx.pathParam("name");
        if (!registry.remove(name, Auth.actor(ctx))) {
            throw ServerDao.notFound(name);
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /servers/{name}/exec} {@code {argv: [...], timeoutSeconds?}}. */
    void exec(Context ctx) {
        String name = ctx.pathParam("name");
        store.servers().require(name);
        JsonBody body = JsonBody.of(ctx, json);
        JsonNode argvNode = body.node().get("argv");
        if (argvNode == null || !argvNode.isArray() || argvNode.isEmpty()) {
            throw ApiException.badRequest("argv: expected a non-empty array of strings, such as [\"uname\", \"-a\"]");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode word : argvNode) {
            if (!word.isTextual() || word.asText().indexOf('\0') >= 0) {
                throw ApiException.badRequest("argv: expected strings without NUL characters, got " + word);
            }
            argv.add(word.asText());
        }
        Duration timeout = DEFAULT_EXEC_TIMEOUT;
        JsonNode seconds = body.node().get("timeoutSeconds");
        if (seconds != null && !seconds.isNull()) {
            if (!seconds.canConvertToInt() || seconds.asInt() < 1 || seconds.asInt() > MAX_EXEC_TIMEOUT.toSeconds()) {
                throw ApiException.badRequest("timeoutSeconds: expected a whole number from 1 to " + MAX_EXEC_TIMEOUT.toSeconds()
                        + ", got " + seconds);
            }
            timeout = Duration.ofSeconds(seconds.asInt());
        }
        Duration limit = timeout;
        ExecResult result = onHost(() -> registry.exec(name, argv, limit, Auth.actor(ctx)));
        ObjectNode answer = json.createObjectNode();
        answer.put("exitCode", result.exitCode());
        answer.put("stdout", result.stdout());
        answer.put("stderr", result.stderr());
        ctx.json(answer);
    }

    private ObjectNode server(Server server, boolean withPackages) {
        ObjectNode node = json.createObjectNode();
        node.put("name", server.name());
        node.put("kind", server.kind() == ServerKind.LOCAL ? "local" : "ssh");
        node.put("address", server.address());
        node.put("addedAt", server.addedAt().toString());
        node.put("addedBy", server.addedBy());
        if (server.kind() == ServerKind.SSH) {
            ArrayNode keys = node.putArray("hostKeys");
            KnownHosts known = KnownHosts.parse(server.knownHosts());
            known.keysFor(new SshTarget(server.sshUser(), server.sshHost(), server.sshPort()))
                    .forEach(key -> keys.add(KnownHosts.fingerprint(key)));
        }
        node.set("facts", FactsJson.write(json, registry.facts(server), withPackages));
        ArrayNode roles = node.putArray("roles");
        store.servers().buildRole(server.name()).ifPresent(role -> {
            roles.add("build");
            node.put("buildSlots", role.slots());
            if (runningBuilds != null) {
                node.put("runningBuilds", runningBuilds.applyAsInt(server.name()));
            }
        });
        return node;
    }

    /** Host failures as API errors: an untrusted host key is the caller's to resolve (422), an unreachable host a 502. */
    private static <T> T onHost(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (HostKeyRejectedException e) {
            throw new ApiException(422, "host_key_rejected", e.getMessage());
        } catch (HostException e) {
            throw new ApiException(502, "host_failed", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
