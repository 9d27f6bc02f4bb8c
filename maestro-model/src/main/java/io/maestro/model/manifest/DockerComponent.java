package io.maestro.model.manifest;

import java.util.List;
import java.util.Objects;

/**
 * The {@code docker} component: the cluster that runs the container services.
 *
 * @param configuration cluster settings
 * @param servers the cluster's nodes
 */
public record DockerComponent(DockerConfiguration configuration, List<ServerRef> servers) {

    public DockerComponent {
        Objects.requireNonNull(configuration, "configuration");
        servers = List.copyOf(servers);
    }
}
