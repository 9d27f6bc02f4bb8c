package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.ApiFailure;
import io.maestro.cli.online.Profile;
import io.maestro.cli.online.ProfileStore;
import io.maestro.cli.up.ControlPlaneProcess;
import io.maestro.hosts.lb.tls.DevelopmentCaFiles;
import io.maestro.local.LocalRuntime;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.MaestroException;
import io.maestro.store.MaestroHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro up [DIR]}: runs the application in DIR (default {@code examples/hello}) on this
 * machine. Starts (or finds) the control plane in the background, saves the CLI profile
 * {@code local}, stores the application (a new version only when its files changed), registers
 * this host as server {@code local}, builds the images of {@code images/<service>/Containerfile}
 * (skipped when built from the same files), sets the environment's target to {@code local},
 * deploys with live progress, waits until every published entry point answers, and ends with
 * {@code dashboard: URL}, {@code token: TOKEN}, one {@code app: URL} per entry point of the load
 * balancer (https first, then the http one that redirects to it) and {@code ca: FILE}, the
 * development CA that signs the https certificate ({@code curl --cacert FILE URL}). A second
 * run changes nothing and is fast. Prerequisites are installed by {@code bin/maestro} (as root).
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an application on this machine (default: examples/hello): control plane, databases,",
            "images, containers; prints the dashboard URL, the admin token and the app's URLs."})
public final class UpCommand implements Callable<Integer> {

    static final String ENVIRONMENT = "production";
    static final String PROFILE = "local";
    static final String DEFAULT_DIR = "examples/hello";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The application's folder: service.yml,"
            + " optional manifest.yml, images/<service>/Containerfile (default: " + DEFAULT_DIR + ").")
    String dir;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        CliContext context = ((MaestroCli) spec.root().userObject()).context();
        PrintWriter progress = output.json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Path folder = applicationFolder(context, dir);
        String app = applicationName(folder);
        Path home = MaestroHome.resolve(context.env());

        ControlPlaneProcess.Running plane = new ControlPlaneProcess(home).ensureRunning(line -> say(progress, line));
        saveProfile(context, plane);
        ApiClient api = ApiClient.of(URI.create(plane.url()), plane.adminToken(), PROFILE);

        Map<String, Object> files = files(folder);
        storeApplication(api, app, files, progress);
        registerServer(api, progress);
        buildImages(home, folder, files, progress);
        api.put("/apps/" + ApiClient.segment(app) + "/environments/" + ENVIRONMENT, Map.of("target", "local"));

        JsonNode deployment = api.post("/apps/" + ApiClient.segment(app) + "/deployments", Map.of("environment", ENVIRONMENT));
        long id = deployment.path("id").asLong();
        say(progress, "deployment " + id + " of " + app + "/" + ENVIRONMENT + " (version " + deployment.path("version").asText() + ")");
        DeploymentWatcher watcher = new DeploymentWatcher(api, progress, false);
        String status = watcher.follow(id);
        if (!status.equals("succeeded")) {
            throw new MaestroException("deployment " + id + " " + status + (watcher.detail() == null ? "" : ": " + watcher.detail())
                    + "\n(hint: `bin/maestro deployments show " + id + " --profile local` shows its journal and log;"
                    + " the control plane's own log is " + new ControlPlaneProcess(home).logFile() + ")");
        }

        List<String> urls = entryPoints(api, app);
        Path ca = DevelopmentCaFiles.certificate(home.resolve("tls"));
        waitUntilAnswering(urls, Files.isRegularFile(ca) ? Optional.of(ca) : Optional.empty(), progress);
        boolean https = urls.stream().anyMatch(u -> u.startsWith("https://"));
        if (https) {
            say(progress, "HTTPS uses Maestro's development CA; trust it with: curl --cacert " + ca + " "
                    + urls.stream().filter(u -> u.startsWith("https://")).findFirst().orElseThrow());
        }
        return summary(plane, urls, https ? Optional.of(ca) : Optional.empty());
    }

    /** DIR as typed; when omitted, {@code examples/hello} here, else in the Maestro checkout ({@code MAESTRO_ROOT}). */
    static Path applicationFolder(CliContext context, String typed) {
        if (typed != null) {
            Path folder = context.resolve(typed);
            if (!Files.isRegularFile(folder.resolve("service.yml"))) {
                throw new UsageException("up " + typed + ": expected a folder with a service.yml, found none in " + folder);
            }
            return folder;
        }
        Path here = context.resolve(DEFAULT_DIR);
        if (Files.isRegularFile(here.resolve("service.yml"))) {
            return here;
        }
        String root = context.env().get("MAESTRO_ROOT");
        if (root != null && Files.isRegularFile(Path.of(root, DEFAULT_DIR, "service.yml"))) {
            return Path.of(root, DEFAULT_DIR).toAbsolutePath().normalize();
        }
        throw new UsageException("up: no DIR given and no " + DEFAULT_DIR + "/service.yml here (hint: run `bin/maestro up`"
                + " from the Maestro checkout, or `maestro up DIR`)");
    }

    /** The folder's name is the application's name. */
    static String applicationName(Path folder) {
        String name = folder.getFileName().toString();
        if (!name.matches("[a-z]([-a-z0-9]{0,38}[a-z0-9])?")) {
            throw new UsageException("up " + folder + ": the folder name is the application's name and must be a lower-case"
                    + " DNS label (letters, digits, '-'), got '" + name + "'");
        }
        return name;
    }

    private void saveProfile(CliContext context, ControlPlaneProcess.Running plane) {
        ProfileStore profiles = ProfileStore.locate(context.env());
        ProfileStore.Profiles all = profiles.load();
        Profile wanted = new Profile(PROFILE, URI.create(plane.url()), plane.adminToken(), "admin", "admin");
        if (all.find(PROFILE).filter(wanted::equals).isPresent()) {
            return;
        }
        ProfileStore.Profiles updated = all.with(wanted);
        if (all.defaultProfile().isEmpty()) {
            updated = updated.withDefault(PROFILE);
        }
        profiles.save(updated);
    }

    private static Map<String, Object> files(Path folder) {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("serviceYml", read(folder.resolve("service.yml")));
        Path manifest = folder.resolve("manifest.yml");
        if (Files.isRegularFile(manifest)) {
            files.put("manifestYml", read(manifest));
        }
        return files;
    }

    /** Creates the application, or adds a version when service.yml / manifest.yml differ from the latest. */
    private void storeApplication(ApiClient api, String app, Map<String, Object> files, PrintWriter progress) {
        Optional<JsonNode> existing = getOptional(api, "/apps/" + ApiClient.segment(app));
        if (existing.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", app);
            body.putAll(files);
            body.put("comment", "maestro up");
            api.post("/apps", body);
            say(progress, "application " + app + " created (version 1)");
            return;
        }
        JsonNode latest = existing.get().path("latest");
        if (!latest.isMissingNode() && !latest.isNull()) {
            int version = latest.path("version").asInt();
            JsonNode stored = api.get("/apps/" + ApiClient.segment(app) + "/versions/" + version).path("files");
            boolean same = stored.path("service.yml").asText().equals(files.get("serviceYml"))
                    && stored.path("manifest.yml").asText("").equals(files.getOrDefault("manifestYml", ""));
            if (same) {
                say(progress, "application " + app + " unchanged (version " + version + ")");
                return;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>(files);
        body.put("comment", "maestro up");
        JsonNode added = api.post("/apps/" + ApiClient.segment(app) + "/versions", body);
        say(progress, "application " + app + ": new version " + added.path("version").path("version").asText());
    }

    private void registerServer(ApiClient api, PrintWriter progress) {
        if (getOptional(api, "/servers/local").isPresent()) {
            return;
        }
        api.post("/servers", Map.of("name", "local", "local", true));
        say(progress, "server local registered (this host)");
    }

    /** Builds {@code images/<service>/Containerfile} into each service's {@code image:}; unchanged contexts are skipped. */
    private void buildImages(Path home, Path folder, Map<String, Object> files, PrintWriter progress) {
        AppDefinition definition = DefinitionLoader.create().load(
                DefinitionLoader.Source.text("service.yml", (String) files.get("serviceYml")),
                Optional.ofNullable((String) files.get("manifestYml")).map(t -> DefinitionLoader.Source.text("manifest.yml", t)),
                ENVIRONMENT);
        Map<String, String> wanted = new LinkedHashMap<>();
        definition.services().services().forEach((name, service) -> {
            Path context = folder.resolve("images").resolve(name);
            if (Files.isRegularFile(context.resolve("Containerfile")) && service.optionalImage().isPresent()) {
                wanted.put(name, service.optionalImage().get());
            }
        });
        if (wanted.isEmpty()) {
            return;
        }
        try (LocalRuntime runtime = LocalRuntime.open(home.resolve("local"))) {
            wanted.forEach((service, image) -> {
                boolean built = runtime.images().build(folder.resolve("images").resolve(service), image);
                say(progress, "image " + image + (built ? " built" : " up to date"));
            });
        }
    }

    private static List<String> entryPoints(ApiClient api, String app) {
        JsonNode status = api.get("/apps/" + ApiClient.segment(app) + "/status?environment=" + ENVIRONMENT);
        List<String> urls = new ArrayList<>();
        for (JsonNode service : status.path("services")) {
            for (JsonNode endpoint : service.path("endpoints")) {
                if (endpoint.asText().startsWith("http")) {
                    urls.add(endpoint.asText());
                }
            }
        }
        return urls;
    }

    /**
     * Every URL answers HTTP (any status below 500; the http entry point answers 301 to https) within
     * a minute; the proxies are up by now, so this is quick. HTTPS is checked trusting {@code ca}.
     */
    private void waitUntilAnswering(List<String> urls, Optional<Path> ca, PrintWriter progress) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        ca.ifPresent(file -> builder.sslContext(trusting(file)));
        HttpClient client = builder.build();
        for (String url : urls) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() < 500) {
                        break;
                    }
                    last = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MaestroException("interrupted while waiting for " + url);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new MaestroException(url + " did not answer within 60 s (last: " + last + ")");
                }
                sleep(250);
            }
            say(progress, url + " answers");
        }
    }

    /** TLS that trusts only the development CA in {@code caPem}. */
    static SSLContext trusting(Path caPem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("maestro-development-ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caPem))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development CA " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new MaestroException("the development CA " + caPem + " is not a usable certificate: " + e.getMessage());
        }
    }

    private int summary(ControlPlaneProcess.Running plane, List<String> urls, Optional<Path> ca) {
        PrintWriter out = spec.commandLine().getOut();
        String dashboard = plane.url() + "/";
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("dashboard", dashboard);
            node.put("token", plane.adminToken());
            var apps = node.putArray("apps");
            urls.forEach(apps::add);
            ca.ifPresent(file -> node.put("ca", file.toString()));
            out.print(Json.write(node));
        } else {
            out.println("dashboard: " + dashboard);
            out.println("token: " + plane.adminToken());
            urls.forEach(url -> out.println("app: " + url));
            ca.ifPresent(file -> out.println("ca: " + file));
        }
        out.flush();
        return 0;
    }

    static Optional<JsonNode> getOptional(ApiClient api, String path) {
        try {
            return Optional.of(api.get(path));
        } catch (ApiFailure e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void say(PrintWriter progress, String line) {
        progress.println(line);
        progress.flush();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaestroException("interrupted");
        }
    }
}
