package io.maestro.store.auth;

import java.time.Instant;

/** A user of the control plane. */
public record User(long id, String name, Role role, Instant createdAt) {}
