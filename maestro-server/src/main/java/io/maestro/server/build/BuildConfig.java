package io.maestro.server.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the control plane builds images.
 *
 * @param directory BuildGrid's folder: {@code buildah/} (storage and layer cache), {@code registry/}
 *     (the local registry's config and blobs), {@code git/} (a bare mirror per repository, kept),
 *     {@code work/} (checkouts, removed after each build)
 * @param concurrency how many builds run at once on this host when there are no build servers; the
 *     others wait in the queue (build servers have their own slots, see {@code maestro servers add --role build})
 * @param stepTimeout the longest each step (clone, build, push) may take
 * @param allowLocalRepositories also clone {@code file://} repositories of this machine (tests and
 *     one-machine setups only: a user's git_url could otherwise read the build server's files)
 * @param account who pays the Build Minutes (one account per control plane)
 * @param buildServerDirectory BuildGrid's folder on each build server: {@code buildah/} (storage and
 *     layer cache) and {@code work/} (checkouts, removed after each build)
 */
public record BuildConfig(Path directory, int concurrency, Duration stepTimeout, boolean allowLocalRepositories,
        String account, Path buildServerDirectory) {

    /** BuildGrid's folder on build servers unless configured. */
    public static final Path DEFAULT_BUILD_SERVER_DIRECTORY = Path.of("/var/lib/maestro/buildgrid");

    /** The account of a control plane that was not given one. */
    public static final String DEFAULT_ACCOUNT = "default";

    public BuildConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(buildServerDirectory, "buildServerDirectory");
        if (!buildServerDirectory.isAbsolute()) {
            throw new IllegalArgumentException("build server directory: expected an absolute path, got " + buildServerDirectory);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("build concurrency: expected 1 or more, got " + concurrency);
        }
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("build step timeout: expected a positive duration, got " + stepTimeout);
        }
    }

    /**
     * Under {@code MAESTRO_HOME/buildgrid}: one build at a time, 30-minute steps, network git
     * transports only, unless {@code MAESTRO_BUILD_LOCAL_GIT=1} allows {@code file://}.
     */
    public static BuildConfig under(Path home) {
        return new BuildConfig(home.resolve("buildgrid"), 1, Duration.ofMinutes(30),
                "1".equals(System.getenv("MAESTRO_BUILD_LOCAL_GIT")), DEFAULT_ACCOUNT, DEFAULT_BUILD_SERVER_DIRECTORY);
    }

    public BuildConfig withConcurrency(int value) {
        return new BuildConfig(directory, value, stepTimeout, allowLocalRepositories, account, buildServerDirectory);
    }

    public BuildConfig withLocalRepositories(boolean value) {
        return new BuildConfig(directory, concurrency, stepTimeout, value, account, buildServerDirectory);
    }

    /** BuildGrid's folder on build servers (absolute). */
    public BuildConfig withBuildServerDirectory(Path value) {
        return new BuildConfig(directory, concurrency, stepTimeout, allowLocalRepositories, account, value);
    }
}
