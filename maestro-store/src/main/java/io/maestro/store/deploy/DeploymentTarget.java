package io.maestro.store.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a deployment targets and what it used, besides its row in {@code deployments}.
 *
 * @param deploymentId the deployment
 * @param cluster the cluster it deploys to ({@code null} until chosen)
 * @param rollbackOf the deployment whose version and images it redeploys, {@code null} for a normal deploy
 * @param images the image of every service as deployed (service name to image reference), empty
 *     until rendered
 */
public record DeploymentTarget(long deploymentId, String cluster, Long rollbackOf, Map<String, String> images) {

    public DeploymentTarget {
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }
}
