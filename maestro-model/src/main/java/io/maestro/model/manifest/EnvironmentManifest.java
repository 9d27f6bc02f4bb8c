package io.maestro.model.manifest;

import io.maestro.model.env.EnvValue;
import io.maestro.model.service.DatabaseKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The components of one environment (or of all, when the manifest has no environment level).
 *
 * @param docker the cluster (the {@code docker} component), or null when not set
 * @param dataStores PostgreSQL, MySQL, Redis, Memcached, RabbitMQ, ... by kind
 * @param loadBalancer the load balancer, or null
 * @param environmentVariables initial application variables (first build), file order
 * @param unsupportedComponents recognised components Maestro does not support yet (mongodb, ...)
 */
public record EnvironmentManifest(
        DockerComponent docker,
        Map<DatabaseKind, DataStoreComponent> dataStores,
        LoadBalancerComponent loadBalancer,
        Map<String, EnvValue> environmentVariables,
        List<String> unsupportedComponents) {

    public static final EnvironmentManifest EMPTY = new EnvironmentManifest(null, Map.of(), null, Map.of(), List.of());

    public EnvironmentManifest {
        Map<DatabaseKind, DataStoreComponent> stores = new EnumMap<>(DatabaseKind.class);
        stores.putAll(dataStores);
        dataStores = Collections.unmodifiableMap(stores);
        environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
        unsupportedComponents = List.copyOf(unsupportedComponents);
    }

    public Optional<DockerComponent> optionalDocker() {
        return Optional.ofNullable(docker);
    }

    public Optional<LoadBalancerComponent> optionalLoadBalancer() {
        return Optional.ofNullable(loadBalancer);
    }

    public Optional<DataStoreComponent> dataStore(DatabaseKind kind) {
        return Optional.ofNullable(dataStores.get(kind));
    }

    /** This environment's settings with {@code specific}'s components and variables on top. */
    public EnvironmentManifest overlaidWith(EnvironmentManifest specific) {
        Map<DatabaseKind, DataStoreComponent> stores = new EnumMap<>(DatabaseKind.class);
        stores.putAll(dataStores);
        stores.putAll(specific.dataStores);
        Map<String, EnvValue> variables = new LinkedHashMap<>(environmentVariables);
        variables.putAll(specific.environmentVariables);
        List<String> unsupported = new java.util.ArrayList<>(unsupportedComponents);
        specific.unsupportedComponents.stream().filter(c -> !unsupported.contains(c)).forEach(unsupported::add);
        return new EnvironmentManifest(
                specific.docker != null ? specific.docker : docker,
                stores,
                specific.loadBalancer != null ? specific.loadBalancer : loadBalancer,
                variables,
                unsupported);
    }
}
