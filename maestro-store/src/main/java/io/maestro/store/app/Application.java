package io.maestro.store.app;

import java.time.Instant;

/** A stored application: a name, unique in the store, and when it was created. */
public record Application(long id, String name, int latestVersion, Instant createdAt) {}
