package io.maestro.model.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every service's env vars after resolution, plus the variables Maestro injects.
 *
 * @param application application-level variables (manifest {@code environment_variables}), file order
 * @param injected variables Maestro injects into every container (data store connection details,
 *     see {@link InjectedVariables}), in injection order: {@code _ADDRESS} and {@code _PORT} as
 *     text, credentials as {@link ResolvedValue.ProvisionedCredential}, {@code _URL} built from
 *     both with {@link ResolvedValue.InjectedVar} segments
 * @param services per service, its own variables resolved, file order
 */
public record ResolvedEnvironment(
        Map<String, ResolvedValue> application,
        Map<String, ResolvedValue> injected,
        Map<String, Map<String, ResolvedValue>> services) {

    public ResolvedEnvironment {
        application = Collections.unmodifiableMap(new LinkedHashMap<>(application));
        injected = Collections.unmodifiableMap(new LinkedHashMap<>(injected));
        Map<String, Map<String, ResolvedValue>> copy = new LinkedHashMap<>();
        services.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        services = Collections.unmodifiableMap(copy);
    }

    public Map<String, ResolvedValue> service(String name) {
        return services.getOrDefault(name, Map.of());
    }
}
