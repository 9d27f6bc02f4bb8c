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
 * @param concurrency how many builds run at once; the others wait in the queue
 * @param stepTimeout the longest each step (clone, build, push) may take
 * @param allowLocalRepositories also clone {@code file://} repositories of this machine (tests and
 *     one-machine setups only: a user's git_url could otherwise read the build server's files)
 * @param account who pays the Build Minutes (one account per control plane)
 */
public record BuildConfig(Path directory, int concurrency, Duration stepTimeout, boolean allowLocalRepositories,
        String account) {

    /** The account of a control plane that was not given one. */
    public static final String DEFAULT_ACCOUNT = "default";

    public BuildConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(account, "account");
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
                "1".equals(System.getenv("MAESTRO_BUILD_LOCAL_GIT")), DEFAULT_ACCOUNT);
    }

    public BuildConfig withConcurrency(int value) {
        return new BuildConfig(directory, value, stepTimeout, allowLocalRepositories, account);
    }

    public BuildConfig withLocalRepositories(boolean value) {
        return new BuildConfig(directory, concurrency, stepTimeout, value, account);
    }
}
