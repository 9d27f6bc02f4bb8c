package io.maestro.store.auth;

import java.time.Instant;

/**
 * A stored API token as listings show it: never its value, only its {@code prefix} (the first
 * characters, enough to tell tokens apart). {@code lastUsedAt} is {@code null} until first use and
 * is updated at most once a minute. {@code description} says what the token is for; may be null.
 */
public record ApiToken(long id, String userName, String prefix, String description, Instant createdAt, Instant lastUsedAt,
        boolean revoked) {}
