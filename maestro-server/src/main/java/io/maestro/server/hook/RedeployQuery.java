package io.maestro.server.hook;

import io.maestro.model.bind.Binder;
import io.maestro.server.ApiException;
import io.maestro.server.deploy.DeployRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of a redeploy hook call, {@code ?services=web,worker&deployment_profile=P&environment=E},
 * read into a {@link DeployRequest} for the hook's environment. Unknown parameters are refused
 * (a typo must not deploy everything instead of one service).
 */
public final class RedeployQuery {

    /** The trigger a hook's deployments carry. */
    public static final String TRIGGER = "redeploy hook";

    static final Set<String> PARAMETERS = Set.of("services", "deployment_profile", "environment");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]{0,62}");

    private RedeployQuery() {}

    /** The request {@code query} asks of a hook bound to {@code hookEnvironment}; a 400 on bad input. */
    public static DeployRequest parse(Map<String, List<String>> query, String hookEnvironment) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest("unknown query parameter " + Binder.quote(name)
                        + "; a redeploy hook accepts services, deployment_profile and environment");
            }
        }
        Optional<String> environment = single(query, "environment");
        if (environment.isPresent() && !environment.get().equals(hookEnvironment)) {
            throw ApiException.badRequest("environment: this hook deploys to " + Binder.quote(hookEnvironment)
                    + ", got " + Binder.quote(environment.get()) + " (create a hook for that environment)");
        }
        Set<String> services = new LinkedHashSet<>();
        for (String value : query.getOrDefault("services", List.of())) {
            for (String service : value.split(",", -1)) {
                String trimmed = service.strip();
                if (!NAME.matcher(trimmed).matches()) {
                    throw ApiException.badRequest("services: expected service names separated by commas, got "
                            + Binder.quote(value));
                }
                services.add(trimmed);
            }
        }
        Optional<String> profile = single(query, "deployment_profile");
        profile.ifPresent(p -> {
            if (!NAME.matcher(p).matches()) {
                throw ApiException.badRequest("deployment_profile: expected a profile name, got " + Binder.quote(p));
            }
        });
        return new DeployRequest(hookEnvironment, OptionalInt.empty(), services, Map.of(), Optional.empty(), profile, TRIGGER);
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw ApiException.badRequest(name + ": expected one value, got " + values.size());
        }
        return values.stream().findFirst();
    }
}
