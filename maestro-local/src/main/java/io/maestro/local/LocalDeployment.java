package io.maestro.local;

import io.maestro.model.AppDefinition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

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
 */
public record LocalDeployment(
        AppDefinition definition,
        String application,
        String environment,
        Map<String, String> env,
        Map<String, Integer> hostPorts,
        String bindAddress,
        Duration readyTimeout) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);

    public LocalDeployment {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        env = Map.copyOf(env);
        hostPorts = Map.copyOf(hostPorts);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    public static LocalDeployment of(AppDefinition definition, String application, String environment) {
        return new LocalDeployment(definition, application, environment, Map.of(), Map.of(), "0.0.0.0",
                DEFAULT_READY_TIMEOUT);
    }

    public LocalDeployment withEnv(Map<String, String> values) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(values);
        return new LocalDeployment(definition, application, environment, merged, hostPorts, bindAddress, readyTimeout);
    }

    public LocalDeployment withHostPort(String service, int declaredPort, int hostPort) {
        Map<String, Integer> merged = new HashMap<>(hostPorts);
        merged.put(portKey(service, declaredPort), hostPort);
        return new LocalDeployment(definition, application, environment, env, merged, bindAddress, readyTimeout);
    }

    public LocalDeployment withBindAddress(String address) {
        return new LocalDeployment(definition, application, environment, env, hostPorts, address, readyTimeout);
    }

    public LocalDeployment withReadyTimeout(Duration timeout) {
        return new LocalDeployment(definition, application, environment, env, hostPorts, bindAddress, timeout);
    }

    static String portKey(String service, int declaredPort) {
        return service + ":" + declaredPort;
    }
}
