package io.maestro.buildgrid.remote;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildRequest;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.image.DockerfileEnv;
import io.maestro.buildgrid.image.ImageRef;
import io.maestro.buildgrid.registry.RegistryLogin;
import io.maestro.buildgrid.source.Checkout;
import io.maestro.buildgrid.source.GitSource;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.exec.SshExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a service image on a build server through its {@link HostExecutor}, the same steps as
 * {@code image.Builder} on this host: clone at the exact commit ({@link GitSource} running on the
 * server), substitute the application's env vars into the Dockerfile, {@code buildah bud}, push.
 * Every command is an argv (quoted for the server's shell by the SSH executor), its output goes
 * to the build log as it is printed, and a cancel kills the command running on the server.
 *
 * <p>The registry must be reachable from the server. A registry on the control plane's loopback
 * ({@code 127.0.0.1:PORT}, the local docker-registry) is reached through the SSH connection: a
 * port on the server's loopback is forwarded to it for the push ({@code ssh -R}), so the image
 * keeps its name {@code 127.0.0.1:PORT/app/service:commit} and needs no TLS.
 *
 * <pre>{@code
 * try (SshExecutor server = SshExecutor.connect(target, key, knownHosts, false)) {
 *     BuildResult r = new RemoteBuilder("b1", server, RemoteBuilder.Settings.defaults(Duration.ofMinutes(30)),
 *             registry, Optional.empty()).build(request, log::add, new Cancellation());
 * }
 * }</pre>
 */
public final class RemoteBuilder {

    /**
     * Where and how the server builds.
     *
     * @param buildah buildah's storage on the server (its layer cache stays there between builds)
     * @param workRoot the folder on the server under which each build gets its own checkout folder
     * @param timeout the longest each step (clone, build, push) may take
     * @param allowLocalRepositories also clone {@code file://} repositories of the build server (tests only)
     */
    public record Settings(Buildah buildah, String workRoot, Duration timeout, boolean allowLocalRepositories) {

        /** Storage in {@code /var/lib/maestro/buildgrid/buildah}, checkouts in {@code /var/lib/maestro/buildgrid/work}. */
        public static Settings defaults(Duration timeout) {
            return new Settings(Buildah.storedIn(Path.of("/var/lib/maestro/buildgrid/buildah")), "/var/lib/maestro/buildgrid/work",
                    timeout, false);
        }

        public Settings withLocalRepositories(boolean value) {
            return new Settings(buildah, workRoot, timeout, value);
        }
    }

    private final String serverName;
    private final HostExecutor server;
    private final Settings settings;
    private final String registry;
    private final Optional<RegistryLogin> login;

    public RemoteBuilder(String serverName, HostExecutor server, Settings settings, String registry, Optional<RegistryLogin> login) {
        this.serverName = serverName;
        this.server = server;
        this.settings = settings;
        this.registry = registry;
        this.login = login;
    }

    public BuildResult build(BuildRequest request, LogListener log, Cancellation cancellation) {
        long started = System.nanoTime();
        WatchedExecutor host = new WatchedExecutor(server, log, cancellation);
        log.line("Building on build server " + serverName + " (" + server.host() + ")");
        BuildTools.ensureInstalled(host, serverName, log);
        String work = newWorkDirectory(host);
        try {
            log.line("Cloning " + request.source().gitUrl() + " (branch " + request.source().gitBranch() + ")");
            GitSource git = new GitSource(host, settings.timeout());
            Checkout checkout = (settings.allowLocalRepositories() ? git.allowingLocalRepositories() : git)
                    .checkout(request.source(), Path.of(work, "src"));
            log.line("Commit " + checkout.commit());
            Path context = request.source().contextIn(checkout.directory());
            Path dockerfile = request.source().dockerfileIn(checkout.directory());
            if (!host.run(Command.of("test", "-d", context.toString()), LogListener.NONE).succeeded()) {
                throw new BuildException("build_root: expected a directory in " + request.source().gitUrl()
                        + " at " + checkout.shortCommit() + ", found none at '" + request.source().buildRoot().orElse(".") + "'");
            }
            byte[] original = host.readFile(dockerfile.toString()).orElseThrow(() -> new BuildException(
                    "dockerfile_path: expected a Dockerfile in " + request.source().gitUrl() + " at " + checkout.shortCommit()
                            + ", found none at '" + checkout.directory().relativize(dockerfile)
                            + "' (set dockerfile_path relative to build_root)"));
            // The substituted Dockerfile is written outside the context, so it is not sent with it.
            String substituted = work + "/Dockerfile";
            host.writeFile(substituted, DockerfileEnv.substitute(new String(original, StandardCharsets.UTF_8), request.env())
                    .getBytes(StandardCharsets.UTF_8), 0600);
            ImageRef image = new ImageRef(registry, request.app(), request.service(), checkout.commit());
            ExecResult bud = host.run(Command.of(settings.buildah().argv(Buildah.budArgs(context.toString(), substituted, image)))
                    .withTimeout(settings.timeout()));
            if (!bud.succeeded()) {
                throw new BuildException("build of " + request.app() + "/" + request.service() + " at "
                        + checkout.shortCommit() + " on build server " + serverName + " failed (buildah bud exited "
                        + bud.exitCode() + "):\n  " + tail(bud.stdout() + "\n" + bud.stderr()));
            }
            Duration buildTime = Duration.ofNanos(System.nanoTime() - started);
            long pushStarted = System.nanoTime();
            log.line("Pushing " + image);
            String digest = push(host, image, work, log);
            Duration pushTime = Duration.ofNanos(System.nanoTime() - pushStarted);
            log.line("Pushed " + image + "@" + digest);
            return new BuildResult(image, checkout.commit(), digest, buildTime, pushTime);
        } finally {
            // Not through the watched executor: a cancelled build must still clean up.
            try {
                server.run(Command.of("rm", "-rf", "--", work).withTimeout(Duration.ofMinutes(2)));
            } catch (RuntimeException e) {
                // A leftover checkout only costs disk space on the server; the build's outcome stands.
            }
        }
    }

    /** Pushes from the server; a loopback registry of the control plane is reached through an SSH forward. */
    private String push(WatchedExecutor host, ImageRef image, String work, LogListener log) {
        String destination = image.registry();
        SshExecutor.RemoteForward forward = null;
        if (image.isLoopbackRegistry() && !(server instanceof LocalExecutor)) {
            if (!(server instanceof SshExecutor ssh)) {
                throw new BuildException("registry " + image.registry() + " is on the control plane's loopback and build server "
                        + serverName + " (" + server.host() + ") cannot reach it; set a registry every build server reaches"
                        + " (maestro registries add HOST --default)");
            }
            int port = image.registry().contains(":") ? Integer.parseInt(image.registry().substring(image.registry().indexOf(':') + 1)) : 80;
            forward = ssh.forwardRemotePort(port);
            destination = "127.0.0.1:" + forward.remotePort();
            log.line("Pushing through an SSH tunnel: 127.0.0.1:" + forward.remotePort() + " on " + serverName
                    + " leads to the registry " + image.registry() + " of the control plane");
        }
        try {
            List<String> args = new ArrayList<>(List.of("push"));
            if (image.isLoopbackRegistry()) {
                args.add("--tls-verify=false");
            }
            if (login.isPresent()) {
                String authFile = work + "/auth.json";
                host.writeFile(authFile, new RegistryLogin(destination, login.get().username(), login.get().password())
                        .authJson().getBytes(StandardCharsets.UTF_8), 0600);
                args.addAll(List.of("--authfile", authFile));
            }
            String digestFile = work + "/digest";
            args.addAll(List.of("--digestfile", digestFile, image.toString(),
                    "docker://" + destination + "/" + image.app() + "/" + image.service() + ":" + image.tag()));
            ExecResult pushed = host.run(Command.of(settings.buildah().argv(args)).withTimeout(settings.timeout()));
            if (!pushed.succeeded()) {
                throw new BuildException("push of " + image + " from build server " + serverName + " failed (exit "
                        + pushed.exitCode() + "):\n  " + tail(pushed.stdout() + "\n" + pushed.stderr())
                        + "\n(is the registry " + image.registry() + " reachable from " + serverName + "?)");
            }
            return new String(host.readFile(digestFile).orElseThrow(() -> new BuildException(
                    "buildah push on build server " + serverName + " wrote no digest file")), StandardCharsets.UTF_8).strip();
        } finally {
            if (forward != null) {
                forward.close();
            }
        }
    }

    private String newWorkDirectory(WatchedExecutor host) {
        // One round trip; the folder is an argument of the fixed script, never part of it.
        ExecResult made = host.run(Command.of("sh", "-c", "mkdir -p -- \"$1\" && mktemp -d \"$1/build-XXXXXXXXXX\"", "sh",
                settings.workRoot()), LogListener.NONE);
        if (!made.succeeded()) {
            throw new BuildException("cannot create a build folder under " + settings.workRoot() + " on build server "
                    + serverName + ": " + made.stderr().strip());
        }
        return made.stdout().strip();
    }

    private static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join("\n  ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }
}
