package io.maestro.store.env;

import java.time.Instant;

/**
 * One change of an environment variable of an application ({@code service} {@code null}) or of
 * one of its services, for every environment ({@code environment} {@code null}) or one: set to a plain {@code value}, set to a secret (then {@code secretRef} names
 * the secret in the secret store and {@code value} is {@code null}), or {@code unset}.
 */
public record EnvVarChange(
        long id,
        String application,
        String service,
        String environment,
        String name,
        String value,
        String secretRef,
        String setBy,
        Instant at,
        boolean unset) {

    /** Whether the variable's value is a secret kept in the secret store. */
    public boolean isSecret() {
        return secretRef != null;
    }
}
