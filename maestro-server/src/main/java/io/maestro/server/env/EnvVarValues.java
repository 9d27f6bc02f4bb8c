package io.maestro.server.env;

import io.maestro.store.Store;
import io.maestro.store.env.EnvVarChange;
import io.maestro.store.secret.SecretName;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The env vars a service receives in an environment, with secrets decrypted: for the deploy
 * engine, never for an API answer. More specific settings win: application level for every
 * environment, then application level for this environment, then the service's for every
 * environment, then the service's for this environment.
 *
 * <pre>{@code
 * Map<String, String> env = new EnvVarValues(store).forService("shop", "web", "production");
 * }</pre>
 */
public final class EnvVarValues {

    private final Store store;

    public EnvVarValues(Store store) {
        this.store = store;
    }

    /** Name to value, sorted by name. */
    public Map<String, String> forService(String application, String service, String environment) {
        Map<String, String> out = new TreeMap<>();
        store.envVars().currentAll(application).stream()
                .filter(v -> v.service() == null || v.service().equals(service))
                .filter(v -> v.environment() == null || v.environment().equals(environment))
                .sorted(Comparator.comparingInt(EnvVarValues::specificity))
                .forEach(v -> out.put(v.name(), value(v)));
        return out;
    }

    /**
     * Where a secret variable's value is: scope {@code env} or {@code env:SERVICE}, name
     * {@code secretRef} ({@code NAME} or {@code NAME@ENVIRONMENT}). The deploy engine reads
     * secrets through this method, so the API and the engine cannot disagree on the naming.
     */
    public static SecretName secretOf(EnvVarChange v) {
        return new SecretName(v.application(), v.service() == null ? "env" : "env:" + v.service(), v.secretRef());
    }

    private static int specificity(EnvVarChange v) {
        return (v.service() == null ? 0 : 2) + (v.environment() == null ? 0 : 1);
    }

    private String value(EnvVarChange v) {
        if (!v.isSecret()) {
            return v.value();
        }
        return store.secrets().get(secretOf(v))
                .orElseThrow(() -> new IllegalStateException("secret of env var " + v.name() + " is missing from the secret store"));
    }
}
