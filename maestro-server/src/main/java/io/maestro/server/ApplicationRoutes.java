package io.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.model.bind.Binder;
import io.maestro.store.Store;
import io.maestro.store.app.Application;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.app.NewVersion;
import io.maestro.store.app.VersionSummary;
import io.maestro.store.audit.Actor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The handlers of {@code /api/v1/apps/...}: create applications, upload versions (validated
 * before anything is stored), list, download and diff them. Every mutation is audited in the
 * same transaction as the change.
 */
final class ApplicationRoutes implements RouteGroup {

    /** Application names become Kubernetes namespaces: a DNS label. */
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Store store;
    private final ObjectMapper json;
    private final DefinitionCheck check = new DefinitionCheck();

    ApplicationRoutes(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        String apps = MaestroServer.API + "/apps";
        app.get(apps, this::list, Access.VIEWER);
        app.post(apps, this::create, Access.DEPLOYER);
        app.get(apps + "/{app}", this::show, Access.VIEWER);
        app.get(apps + "/{app}/versions", this::listVersions, Access.VIEWER);
        app.post(apps + "/{app}/versions", this::addVersion, Access.DEPLOYER);
        app.get(apps + "/{app}/versions/{version}", this::showVersion, Access.VIEWER);
        app.get(apps + "/{app}/versions/{from}/diff/{to}", this::diff, Access.VIEWER);
    }

    @Override
    public String openApiFragment() {
        return "applications.json";
    }

    /** {@code GET /api/v1/apps}. */
    void list(Context ctx) {
        ctx.json(Map.of("applications", store.applications().list().stream().map(ApplicationRoutes::app).toList()));
    }

    /** {@code POST /api/v1/apps}: {@code {name, serviceYml, manifestYml?, comment?}}. */
    void create(Context ctx) {
        JsonNode body = body(ctx);
        String name = requiredText(body, "name");
        if (!APP_NAME.matcher(name).matches()) {
            throw new ApiException(400, "bad_request", "name: expected a lowercase name of letters, digits and '-'"
                    + " (at most 63 characters, starting and ending with a letter or digit), got " + Binder.quote(name));
        }
        Upload upload = upload(body, false);
        DefinitionCheck.Result result = check.check(upload.serviceYml(), upload.manifestYml());
        if (!result.valid()) {
            rejectInvalid(ctx, result);
            return;
        }
        Actor actor = Auth.actor(ctx);
        ApplicationVersion version = store.inTransaction(() -> {
            store.applications().create(name);
            ApplicationVersion stored = store.versions().add(name, upload.toNewVersion(actor));
            store.audit().record(actor, "application.create", name, "version 1: " + upload.comment());
            return stored;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", app(store.applications().require(name)));
        out.put("version", summary(version.summary()));
        out.put("warnings", result.warnings());
        ctx.status(HttpStatus.CREATED).json(out);
    }

    /** {@code GET /api/v1/apps/{app}}. */
    void show(Context ctx) {
        Application application = requireApp(ctx);
        Map<String, Object> out = new LinkedHashMap<>(app(application));
        out.put("latest", store.versions().latest(application.name()).map(v -> summary(v.summary())).orElse(null));
        ctx.json(out);
    }

    /** {@code POST /api/v1/apps/{app}/versions}: {@code {serviceYml, manifestYml?, comment}}. */
    void addVersion(Context ctx) {
        Application application = requireApp(ctx);
        Upload upload = upload(body(ctx), true);
        DefinitionCheck.Result result = check.check(upload.serviceYml(), upload.manifestYml());
        if (!result.valid()) {
            rejectInvalid(ctx, result);
            return;
        }
        Actor actor = Auth.actor(ctx);
        ApplicationVersion version = store.inTransaction(() -> {
            ApplicationVersion stored = store.versions().add(application.name(), upload.toNewVersion(actor));
            store.audit().record(actor, "application.version.add", application.name(),
                    "version " + stored.version() + ": " + upload.comment());
            return stored;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", summary(version.summary()));
        out.put("warnings", result.warnings());
        ctx.status(HttpStatus.CREATED).json(out);
    }

    /** {@code GET /api/v1/apps/{app}/versions}: newest first, without the texts. */
    void listVersions(Context ctx) {
        Application application = requireApp(ctx);
        ctx.json(Map.of("versions",
                store.versions().list(application.name()).stream().map(ApplicationRoutes::summary).toList()));
    }

    /** {@code GET /api/v1/apps/{app}/versions/{version}}: the version with its files. */
    void showVersion(Context ctx) {
        Application application = requireApp(ctx);
        ApplicationVersion version = requireVersion(application, ctx.pathParam("version"));
        Map<String, Object> out = new LinkedHashMap<>(summary(version.summary()));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(DefinitionCheck.SERVICE_YML, version.serviceYml());
        if (version.manifestYml() != null) {
            files.put(DefinitionCheck.MANIFEST_YML, version.manifestYml());
        }
        out.put("files", files);
        ctx.json(out);
    }

    /** {@code GET /api/v1/apps/{app}/versions/{from}/diff/{to}}: a unified diff from one version to another. */
    void diff(Context ctx) {
        Application application = requireApp(ctx);
        ApplicationVersion from = requireVersion(application, ctx.pathParam("from"));
        ApplicationVersion to = requireVersion(application, ctx.pathParam("to"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", application.name());
        out.put("from", from.version());
        out.put("to", to.version());
        out.put("diff", VersionDiff.unified(from, to));
        ctx.json(out);
    }

    private static void rejectInvalid(Context ctx, DefinitionCheck.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", "invalid_definition");
        out.put("message", "the definition has " + result.errors().size() + " error(s); nothing was stored");
        out.put("errors", result.errors());
        out.put("warnings", result.warnings());
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(out);
    }

    private Application requireApp(Context ctx) {
        String name = ctx.pathParam("app");
        return store.applications().find(name)
                .orElseThrow(() -> ApiException.notFound("no application named " + Binder.quote(name)));
    }

    private ApplicationVersion requireVersion(Application application, String text) {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("expected a version number, got " + Binder.quote(text));
        }
        return store.versions().find(application.name(), number)
                .orElseThrow(() -> ApiException.notFound("application " + Binder.quote(application.name())
                        + " has no version " + number));
    }

    private JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest("expected a JSON object as the request body, got malformed JSON");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("expected a JSON object as the request body");
        }
        return body;
    }

    private static Upload upload(JsonNode body, boolean commentRequired) {
        String serviceYml = requiredText(body, "serviceYml");
        String manifestYml = optionalText(body, "manifestYml");
        String comment = commentRequired ? requiredText(body, "comment") : optionalText(body, "comment");
        if (commentRequired && comment.isBlank()) {
            throw ApiException.badRequest("comment: expected a comment saying why the definition changed, got an empty one");
        }
        return new Upload(serviceYml, manifestYml, comment == null ? "" : comment);
    }

    private static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null) {
            throw ApiException.badRequest(field + ": expected a string, got nothing");
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string, got " + node.getNodeType().name().toLowerCase());
        }
        return node.asText();
    }

    private static Map<String, Object> app(Application a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", a.name());
        out.put("latestVersion", a.latestVersion());
        out.put("createdAt", a.createdAt().toString());
        return out;
    }

    private static Map<String, Object> summary(VersionSummary v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", v.application());
        out.put("version", v.version());
        out.put("comment", v.comment());
        out.put("author", v.author());
        out.put("createdAt", v.createdAt().toString());
        return out;
    }

    /** The texts and comment of an upload, already checked for shape. */
    private record Upload(String serviceYml, String manifestYml, String comment) {

        NewVersion toNewVersion(Actor author) {
            return new NewVersion(serviceYml, manifestYml, comment, author.name());
        }
    }
}
