package io.maestro.server.deploy;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the deploy engine runs.
 *
 * @param holder this control plane's name in deployment leases (unique per process)
 * @param leaseTime how long a lease lasts without renewal; the engine renews it every third of it,
 *     and a crashed control plane's deployments are taken over after it
 * @param pollInterval how often the engine looks for queued deployments it could not start
 *     (another control plane held the lease, or a crashed one's lease had not expired yet)
 * @param driftInterval how often every deployed environment is checked for drift; zero disables it
 * @param resumeInterrupted after a crash, resume interrupted deployments (true) or mark them failed
 * @param maxConcurrentDeployments how many deployments (of different application environments)
 *     this control plane runs at once; the others stay queued in the store until a slot frees
 */
public record DeployConfig(String holder, Duration leaseTime, Duration pollInterval, Duration driftInterval,
        boolean resumeInterrupted, int maxConcurrentDeployments) {

    /**
     * Four per core, at least eight: a deployment mostly waits for its rollout, but each running one
     * holds a Kubernetes client, informers and store writes, and hundreds at once starve the API.
     */
    public static final int DEFAULT_MAX_CONCURRENT_DEPLOYMENTS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    public DeployConfig {
        Objects.requireNonNull(holder, "holder");
        requirePositive("leaseTime", leaseTime);
        requirePositive("pollInterval", pollInterval);
        if (driftInterval.isNegative()) {
            throw new IllegalArgumentException("driftInterval: expected zero (off) or a positive duration, got " + driftInterval);
        }
        if (maxConcurrentDeployments < 1) {
            throw new IllegalArgumentException("maxConcurrentDeployments: expected at least 1, got " + maxConcurrentDeployments);
        }
    }

    /**
     * Two-minute leases, a poll every 5 s, a drift check every 5 min, resume after a crash,
     * {@link #DEFAULT_MAX_CONCURRENT_DEPLOYMENTS} deployments at once.
     */
    public static DeployConfig defaults() {
        return new DeployConfig("maestro-" + UUID.randomUUID(), Duration.ofMinutes(2), Duration.ofSeconds(5),
                Duration.ofMinutes(5), true, DEFAULT_MAX_CONCURRENT_DEPLOYMENTS);
    }

    public DeployConfig withLeaseTime(Duration value) {
        return new DeployConfig(holder, value, pollInterval, driftInterval, resumeInterrupted, maxConcurrentDeployments);
    }

    public DeployConfig withPollInterval(Duration value) {
        return new DeployConfig(holder, leaseTime, value, driftInterval, resumeInterrupted, maxConcurrentDeployments);
    }

    public DeployConfig withDriftInterval(Duration value) {
        return new DeployConfig(holder, leaseTime, pollInterval, value, resumeInterrupted, maxConcurrentDeployments);
    }

    public DeployConfig withResumeInterrupted(boolean value) {
        return new DeployConfig(holder, leaseTime, pollInterval, driftInterval, value, maxConcurrentDeployments);
    }

    public DeployConfig withMaxConcurrentDeployments(int value) {
        return new DeployConfig(holder, leaseTime, pollInterval, driftInterval, resumeInterrupted, value);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": expected a positive duration, got " + value);
        }
    }
}
