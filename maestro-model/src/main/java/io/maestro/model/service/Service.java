package io.maestro.model.service;

import io.maestro.model.env.EnvValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One container service of {@code service.yml}, with V1 spellings already mapped to their V2
 * meaning by the binder.
 *
 * @param name the service name (a DNS-1123 label once validated)
 * @param image a pre-built image reference, or null when built from git
 * @param build git source and build commands, or null for image-only services
 * @param type workload kind
 * @param command start command, or null for the image's CMD; may contain {@code $(VAR)}
 * @param workDir working directory, or null
 * @param envVars per-service variables in file order, each parsed into literal and reference parts
 * @param ports container ports and their external mappings
 * @param trafficMatches host names routed to this service ({@code _} is the catch-all)
 * @param volumes mounts
 * @param logFolder in-container log folder mirrored to the host, or null
 * @param health probes (V2) or the mapped V1 check
 * @param lifecycle start/stop hooks and grace
 * @param constraints scheduling, resources, counts and rollout settings
 * @param serviceAccountName Kubernetes ServiceAccount, or null for the namespace default
 * @param securityContext pod/container security settings, or null
 * @param tags labels as (key, value) pairs
 * @param annotations copied onto workloads and pods
 * @param dnsBehaviour V1 ElasticDNS semantics, kept for compatibility
 * @param loadBalancing V1 ElasticDNS semantics, kept for compatibility
 * @param restartOnDeploy whether containers are replaced on every deploy
 */
public record Service(
        String name,
        String image,
        BuildSource build,
        ServiceType type,
        String command,
        String workDir,
        Map<String, EnvValue> envVars,
        List<PortMapping> ports,
        List<String> trafficMatches,
        List<VolumeMount> volumes,
        String logFolder,
        Health health,
        Lifecycle lifecycle,
        Constraints constraints,
        String serviceAccountName,
        SecurityContext securityContext,
        List<Tag> tags,
        Map<String, String> annotations,
        DnsBehaviour dnsBehaviour,
        LoadBalancing loadBalancing,
        boolean restartOnDeploy) {

    public Service {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        envVars = ServiceDefinition.Collections2.orderedCopy(envVars);
        ports = List.copyOf(ports);
        trafficMatches = List.copyOf(trafficMatches);
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(constraints, "constraints");
        tags = List.copyOf(tags);
        annotations = ServiceDefinition.Collections2.orderedCopy(annotations);
        Objects.requireNonNull(dnsBehaviour, "dnsBehaviour");
        Objects.requireNonNull(loadBalancing, "loadBalancing");
    }

    public Optional<String> optionalImage() {
        return Optional.ofNullable(image);
    }

    public Optional<BuildSource> optionalBuild() {
        return Optional.ofNullable(build);
    }

    /** Whether any port is reachable from outside the cluster (http, https, tcp or udp). */
    public boolean isExposed() {
        return ports.stream().anyMatch(PortMapping::isExternal);
    }

    /** Workload kind. {@code service} and {@code deployment} both mean a replicated Deployment. */
    public enum ServiceType {
        SERVICE, DEPLOYMENT, DAEMON_SET;

        public boolean isDaemonSet() {
            return this == DAEMON_SET;
        }
    }

    /** V1 ElasticDNS: whether callers see peers of their own release during a rollout. */
    public enum DnsBehaviour { VERSIONED, NON_VERSIONED }

    /** V1 ElasticDNS: how internal DNS hands out container addresses. */
    public enum LoadBalancing { ROUNDROBIN, STICKY, CLOSEST }
}
