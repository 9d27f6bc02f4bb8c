package io.maestro.server.deploy;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.env.ResolvedValue;
import io.maestro.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a build of one service substitutes into its Dockerfile, resolved the way a
 * deployment resolves them for the containers ({@link DesiredState#resolve}): the definition's,
 * then the ones set through the env vars API (application level, then the service's, those of the
 * environment winning), secrets read from the secret store, {@code AUTO_GENERATE} values kept.
 * Only the application's and the service's own variables with a value known before anything runs
 * are given (references to runtime addresses or provisioned credentials are left out).
 *
 * @param values name to value, application level first, then the service's (which win)
 * @param secretNames the names among {@code values} whose value is a secret (to mask in logs)
 */
public record BuildVariables(Map<String, String> values, Set<String> secretNames) {

    public BuildVariables {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secretNames = Set.copyOf(secretNames);
    }

    /** No variables (a build whose Dockerfile needs none, tests). */
    public static BuildVariables none() {
        return new BuildVariables(Map.of(), Set.of());
    }

    /**
     * Resolves {@code service}'s variables in {@code environment}, with the rights of
     * {@code requestedBy} for references to other applications.
     *
     * @throws DeployException when a secret set through the API is missing from the secret store
     */
    public static BuildVariables resolve(Store store, AppDefinition definition, String application, String environment,
            String service, String requestedBy) {
        List<String> notes = new ArrayList<>();
        ResolvedEnvironment resolved = DesiredState.resolve(store, definition, application, environment, requestedBy, notes);
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Map<String, ResolvedValue> scope : List.of(resolved.application(), resolved.service(service))) {
            scope.forEach((name, value) -> {
                if (!value.isPlainText()) {
                    values.remove(name);
                    secrets.remove(name);
                    return;
                }
                values.put(name, value.plainText());
                if (value.secret()) {
                    secrets.add(name);
                } else {
                    secrets.remove(name);
                }
            });
        }
        return new BuildVariables(values, secrets);
    }
}
