package io.maestro.local;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to deploy on this host: an application environment's container services.
 *
 * <pre>{@code
 * LocalDeployment deployment = LocalDeployment.of(definition, "hello", "production")
 *         .withEnv(Map.of("REDIS_ADDRESS", "host.containers.internal", "REDIS_PORT", "6379"))
 *         .withHostPort("web", 80, 8080);
 * runtime.deploy(deployment);
 * }</pre>
 *
 * @param definition the loaded, valid definition (for this environment)
 * @param application the application name (a DNS-1123 label); with the environment it prefixes every pod name
 * @param environment the environment name
 * @param env values that replace or add container variables in every service, applied before
 *     {@code $(VAR)} expansion: the connection details of the host's databases
 *     ({@code POSTGRESQL_ADDRESS=host.containers.internal}, {@code POSTGRESQL_PASSWORD}, ...) and
 *     any value the control plane resolved
 * @param hostPorts host port overrides keyed {@code service:declaredPort}; a published port not
 *     listed binds its declared port ({@code http}, else {@code tcp})
 * @param bindAddress the address the proxies listen on ({@code 0.0.0.0} by default)
 * @param readyTimeout how long a new replica may take to become ready before the deploy fails
 * @param variables the environment's variables as the control plane resolved them (definition
 *     values, values set through the API, kept {@code AUTO_GENERATE} values); empty: resolved from
 *     the definition alone, as a cluster-less render would
 * @param replicas replica counts per service that win over the definition's (the counts kept by
 *     {@code maestro services scale}); a service not listed runs its definition's count
 */
public record LocalDeployment(
        AppDefinition definition,
        String application,
        String environment,
        Map<String, String> env,
        Map<String, Integer> hostPorts,
        String bindAddress,
        Duration readyTimeout,
        Optional<ResolvedEnvironment> variables,
        Map<String, Integer> replicas) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);

    public LocalDeployment {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        env = Map.copyOf(env);
        hostPorts = Map.copyOf(hostPorts);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(variables, "variables");
        replicas = Map.copyOf(replicas);
    }

    public static LocalDeployment of(AppDefinition definition, String application, String environment) {
        return new LocalDeployment(definition, application, environment, Map.of(), Map.of(), "0.0.0.0",
                DEFAULT_READY_TIMEOUT, Optional.empty(), Map.of());
    }

    public LocalDeployment withEnv(Map<String, String> values) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(values);
        return new LocalDeployment(definition, application, environment, merged, hostPorts, bindAddress, readyTimeout, variables, replicas);
    }

    public LocalDeployment withHostPort(String service, int declaredPort, int hostPort) {
        Map<String, Integer> merged = new HashMap<>(hostPorts);
        merged.put(portKey(service, declaredPort), hostPort);
        return new LocalDeployment(definition, application, environment, env, merged, bindAddress, readyTimeout, variables, replicas);
    }

    public LocalDeployment withBindAddress(String address) {
        return new LocalDeployment(definition, application, environment, env, hostPorts, address, readyTimeout, variables, replicas);
    }

    public LocalDeployment withReadyTimeout(Duration timeout) {
        return new LocalDeployment(definition, application, environment, env, hostPorts, bindAddress, timeout, variables, replicas);
    }

    /**
     * The variables the control plane resolved for this environment; they are rendered exactly as
     * the Kubernetes target renders them (ConfigMap and Secret values), then {@link #env()} applies.
     */
    public LocalDeployment withVariables(ResolvedEnvironment resolved) {
        return new LocalDeployment(definition, application, environment, env, hostPorts, bindAddress, readyTimeout,
                Optional.of(resolved), replicas);
    }

    /** Replica counts that win over the definition's (an autoscaled service's count range included). */
    public LocalDeployment withReplicas(Map<String, Integer> counts) {
        Map<String, Integer> merged = new HashMap<>(replicas);
        merged.putAll(counts);
        return new LocalDeployment(definition, application, environment, env, hostPorts, bindAddress, readyTimeout,
                variables, merged);
    }

    static String portKey(String service, int declaredPort) {
        return service + ":" + declaredPort;
    }
}
