package io.maestro.buildgrid.image;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.registry.RegistryLogin;
import io.maestro.buildgrid.source.Checkout;
import io.maestro.buildgrid.source.GitSource;
import io.maestro.buildgrid.source.UnresolvedRefException;
import io.maestro.hosts.exec.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a service image from git and pushes it: clone at the branch's exact commit, substitute
 * the application's env vars into the Dockerfile, {@code buildah bud}, tag
 * {@code <registry>/<app>/<service>:<commit>}, {@code buildah push}. Also retags existing
 * images. Output goes line by line to a {@link LogListener}; a {@link Cancellation} stops it.
 *
 * <p>A failed step throws a {@link BuildException} and nothing after it runs: an image that did
 * not build is never pushed.
 */
public final class Builder {

    private final GitSource git;
    private final Buildah buildah;
    private final String registry;
    private final Path workRoot;
    private final Duration timeout;
    private final Optional<RegistryLogin> login;

    /**
     * @param registry where images are pushed, a host[:port]
     * @param workRoot where checkouts are made (each build in its own folder, removed after)
     * @param timeout the longest each step (clone, build, push) may take
     */
    public Builder(GitSource git, Buildah buildah, String registry, Path workRoot, Duration timeout) {
        this(git, buildah, registry, workRoot, timeout, Optional.empty());
    }

    /** A builder that pushes (and pulls) with {@code login}'s credentials, given to buildah in an auth file. */
    public Builder(GitSource git, Buildah buildah, String registry, Path workRoot, Duration timeout, Optional<RegistryLogin> login) {
        this.git = git;
        this.buildah = buildah;
        this.registry = registry;
        this.workRoot = workRoot;
        this.timeout = timeout;
        this.login = login;
    }

    public BuildResult build(BuildRequest request, LogListener output, Cancellation cancellation) {
        long started = System.nanoTime();
        SecretMask secrets = SecretMask.of(request.env(), request.secretNames());
        LogListener log = secrets.wrap(output);
        Path work = newWorkDirectory();
        try {
            cancellation.throwIfCancelled("clone");
            log.line("Cloning " + request.source().gitUrl() + " (branch " + request.source().gitBranch() + ")");
            Checkout checkout = checkout(request, work.resolve("src"));
            long cloned = System.nanoTime();
            log.line("Commit " + checkout.commit());
            Path context = request.source().contextIn(checkout.directory());
            Path dockerfile = request.source().dockerfileIn(checkout.directory());
            if (!Files.isDirectory(context)) {
                throw new BuildException("build_root: expected a directory in " + request.source().gitUrl()
                        + " at " + checkout.shortCommit() + ", found none at '" + request.source().buildRoot().orElse(".") + "'");
            }
            // The substituted Dockerfile is written outside the context, so it is not sent with it.
            Path substituted = work.resolve("Dockerfile");
            Files.writeString(substituted, DockerfileEnv.substitute(readDockerfile(request, dockerfile, checkout),
                    request.env()), StandardCharsets.UTF_8);
            ImageRef image = new ImageRef(registry, request.app(), request.service(), checkout.commit());
            long prepared = System.nanoTime();
            ExecResult bud = buildah.bud(context, substituted, image, timeout, log, cancellation);
            if (!bud.succeeded()) {
                throw new BuildException("build of " + request.app() + "/" + request.service() + " at "
                        + checkout.shortCommit() + " failed (buildah bud exited " + bud.exitCode() + "):\n  "
                        + secrets.apply(Buildah.tail(bud.stdout())));
            }
            Duration buildTime = Duration.ofNanos(System.nanoTime() - started);
            long pushStarted = System.nanoTime();
            cancellation.throwIfCancelled("push");
            log.line("Pushing " + image);
            String digest = push(image, log, cancellation);
            Duration pushTime = Duration.ofNanos(System.nanoTime() - pushStarted);
            log.line("Pushed " + image + "@" + digest);
            // Where the time went, per phase: what the benchmark compares against raw buildah.
            log.line("Timing: clone " + millis(cloned - started) + " ms, prepare " + millis(prepared - cloned)
                    + " ms, bud " + millis(pushStarted - prepared) + " ms, push " + pushTime.toMillis() + " ms");
            return new BuildResult(image, checkout.commit(), digest, buildTime, pushTime);
        } catch (IOException e) {
            throw new BuildException("cannot prepare the build in " + work + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Gives an image already in the registry (or in local storage) a new tag and pushes it. A
     * retag is metered like a build (maestro-reference §4); all of its time counts as push time.
     */
    public BuildResult retag(ImageRef existing, String newTag, LogListener log, Cancellation cancellation) {
        long started = System.nanoTime();
        ImageRef target = existing.withTag(newTag);
        if (!buildah.exists(existing)) {
            log.line("Pulling " + existing);
            ExecResult pull;
            try (RegistryLogin.AuthFile auth = authFile()) {
                pull = buildah.pull(existing, timeout, log, cancellation, Optional.ofNullable(auth).map(RegistryLogin.AuthFile::path));
            }
            if (!pull.succeeded()) {
                throw new BuildException("retag: cannot pull " + existing + " (exit " + pull.exitCode() + "):\n  "
                        + Buildah.tail(pull.stdout()) + "\n(does the image exist in " + existing.registry() + "?)");
            }
        }
        buildah.tag(existing, target, timeout, cancellation).requireSuccess();
        log.line("Pushing " + target);
        String digest = push(target, log, cancellation);
        return new BuildResult(target, "", digest, Duration.ZERO, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The source at its exact commit; a ref the repository does not have is reported with the service that asked for it. */
    private Checkout checkout(BuildRequest request, Path directory) {
        try {
            return git.checkout(request.source(), directory);
        } catch (UnresolvedRefException e) {
            throw new BuildException("service " + request.app() + "/" + request.service() + ": " + e.getMessage());
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private String push(ImageRef image, LogListener log, Cancellation cancellation) {
        try (RegistryLogin.AuthFile auth = authFile()) {
            return buildah.push(image, timeout, log, cancellation, Optional.ofNullable(auth).map(RegistryLogin.AuthFile::path));
        }
    }

    /** The auth file for this builder's login, or null without one (try-with-resources accepts null). */
    private RegistryLogin.AuthFile authFile() {
        return login.map(RegistryLogin::writeAuthFile).orElse(null);
    }

    private static String readDockerfile(BuildRequest request, Path dockerfile, Checkout checkout) throws IOException {
        try {
            return Files.readString(dockerfile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BuildException("dockerfile_path: expected a Dockerfile in " + request.source().gitUrl() + " at "
                    + checkout.shortCommit() + ", found none at '"
                    + checkout.directory().relativize(dockerfile) + "' (set dockerfile_path relative to build_root)");
        }
    }

    private Path newWorkDirectory() {
        try {
            Files.createDirectories(workRoot);
            return Files.createTempDirectory(workRoot, "build-");
        } catch (IOException e) {
            throw new BuildException("cannot create a build directory under " + workRoot + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover checkout only costs disk space; the build's outcome stands.
        }
    }
}
