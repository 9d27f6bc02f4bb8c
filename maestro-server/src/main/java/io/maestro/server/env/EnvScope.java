package io.maestro.server.env;

import io.maestro.server.ApiException;
import io.maestro.model.bind.Binder;
import java.util.regex.Pattern;

/**
 * Where an env var applies: the whole application or one service ({@code service} null for the
 * application), in every environment or one ({@code environment} null for every one). The
 * names are checked here, so no request can store a scope that a later lookup cannot name.
 */
record EnvScope(String service, String environment) {

    /** Env var names as shells and Kubernetes accept them. */
    static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** Service names are DNS labels (they become Kubernetes object names). */
    static final Pattern SERVICE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Environment names as manifest.yml spells them (production, staging, dev_eu). */
    static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    static EnvScope of(String service, String environment) {
        return new EnvScope(check("service", blankToNull(service), SERVICE, "a service name (a DNS label: lowercase letters, digits, '-')"),
                check("environment", blankToNull(environment), ENVIRONMENT,
                        "an environment name of letters, digits, '_', '.' or '-'"));
    }

    static String varName(String name) {
        return check("name", name, VAR_NAME, "an env var name of letters, digits and '_', not starting with a digit");
    }

    /**
     * The secret store's scope for a secret of this env var scope: {@code env} for the
     * application, {@code env:web} for a service (the deploy engine reads secrets there).
     */
    String secretScope() {
        return service == null ? "env" : "env:" + service;
    }

    /**
     * The secret's name within {@link #secretScope()}, also the env var row's {@code secretRef}:
     * the variable's name, with {@code @ENV} for one environment, so no two scopes share a secret.
     */
    String secretName(String varName) {
        return environment == null ? varName : varName + "@" + environment;
    }

    /** {@code application level, every environment} / {@code service web, environment production}. */
    String describe() {
        return (service == null ? "application level" : "service " + service) + ", "
                + (environment == null ? "every environment" : "environment " + environment);
    }

    private static String check(String field, String value, Pattern grammar, String what) {
        if (value != null && !grammar.matcher(value).matches()) {
            throw ApiException.badRequest(field + ": expected " + what + ", got " + Binder.quote(value));
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
