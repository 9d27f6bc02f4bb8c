package io.maestro.store.app;

import java.time.Instant;

/**
 * A stored application: its name (unique in the store), the number of its latest version (0
 * before the first upload) and when it was created.
 */
public record Application(long id, String name, int latestVersion, Instant createdAt) {}
