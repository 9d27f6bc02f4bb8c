package io.maestro.store.app;

import java.time.Instant;

/** A version as a listing shows it: number, comment, author and time, without the YAML texts. */
public record VersionSummary(String application, int version, String comment, String author, Instant createdAt) {}
