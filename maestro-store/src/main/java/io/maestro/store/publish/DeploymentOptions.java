package io.maestro.store.publish;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a deployment was asked for beyond its version, stored with it (so a resumed deployment
 * builds and publishes the same things).
 *
 * @param deploymentId the deployment
 * @param services the services in scope, in the order asked; empty means every service
 * @param serviceRefs per service, the git ref to build or the image tag to publish
 * @param gitRef the ref every git-based service builds unless {@code serviceRefs} names its own; may be null
 * @param profile the deployment profile the options came from; may be null
 * @param strategy {@code parallel} (every service in scope) or {@code fast} (only services whose image changed)
 * @param build whether git-based services are built (false: the last built image is published again)
 * @param trigger who or what asked ("api", "cli", "redeploy hook", ...)
 */
public record DeploymentOptions(
        long deploymentId,
        List<String> services,
        Map<String, String> serviceRefs,
        String gitRef,
        String profile,
        String strategy,
        boolean build,
        String trigger) {

    public static final String PARALLEL = "parallel";
    public static final String FAST = "fast";

    public DeploymentOptions {
        services = List.copyOf(services);
        serviceRefs = Map.copyOf(serviceRefs);
        Objects.requireNonNull(strategy, "strategy");
        if (!PARALLEL.equals(strategy) && !FAST.equals(strategy)) {
            throw new IllegalArgumentException("strategy: expected \"parallel\" or \"fast\", got \"" + strategy + "\"");
        }
        Objects.requireNonNull(trigger, "trigger");
    }

    /** The options of a deployment that asked for nothing special. */
    public static DeploymentOptions plain(long deploymentId) {
        return new DeploymentOptions(deploymentId, List.of(), Map.of(), null, null, PARALLEL, true, "api");
    }

    /** Whether {@code service} is in scope (every service is when none was named). */
    public boolean inScope(String service) {
        return services.isEmpty() || services.contains(service);
    }

    public boolean fast() {
        return FAST.equals(strategy);
    }
}
