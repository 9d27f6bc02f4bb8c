package io.maestro.store.env;

import java.time.Instant;

/**
 * Application {@code source} shares its env vars with application {@code target}: deployments of
 * the target may resolve cross-application references ({@code _env(STACK[source].NAME)}) to it.
 */
public record EnvVarShare(String source, String target, Instant createdAt, String createdBy) {}
