package io.maestro.store.publish;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Saved deploy options of an application ({@code maestro profiles create APP NAME ...}).
 *
 * @param application the application
 * @param name the profile's name (lower-case letters, digits, '-' and '_', at most 63 characters)
 * @param services the services it deploys; empty means every service
 * @param build whether git-based services are built
 * @param strategy {@code parallel} or {@code fast} ({@link DeploymentOptions#FAST})
 * @param createdAt when it was saved (null before)
 * @param createdBy who saved it (null before)
 */
public record DeploymentProfile(
        String application,
        String name,
        List<String> services,
        boolean build,
        String strategy,
        Instant createdAt,
        String createdBy) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-_a-z0-9]{0,61}[a-z0-9])?");

    public DeploymentProfile {
        Objects.requireNonNull(application, "application");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("profile name: expected lower-case letters, digits, '-' and '_'"
                    + " (at most 63 characters, starting and ending with a letter or digit), got '" + name + "'");
        }
        services = List.copyOf(services);
        if (!DeploymentOptions.PARALLEL.equals(strategy) && !DeploymentOptions.FAST.equals(strategy)) {
            throw new IllegalArgumentException("strategy: expected \"parallel\" or \"fast\", got \"" + strategy + "\"");
        }
    }
}
