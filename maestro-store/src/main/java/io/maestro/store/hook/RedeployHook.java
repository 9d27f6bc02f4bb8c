package io.maestro.store.hook;

import java.time.Instant;

/**
 * A redeploy hook as listings show it: the secret URL's public token prefix, never the token.
 *
 * @param environment the environment a call of the hook deploys to
 * @param lastUsedAt when a call last authenticated with it, null if never
 */
public record RedeployHook(
        long id,
        String application,
        String environment,
        String prefix,
        String createdBy,
        Instant createdAt,
        Instant lastUsedAt) {}
