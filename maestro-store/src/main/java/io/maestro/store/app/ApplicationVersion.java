package io.maestro.store.app;

import java.time.Instant;

/**
 * One saved version of an application's definition. Versions are numbered 1, 2, 3, ... per
 * application, without gaps, in the order they were stored. {@code manifestYml} is {@code null}
 * when the application has no manifest.
 */
public record ApplicationVersion(
        String application,
        int version,
        String serviceYml,
        String manifestYml,
        String comment,
        String author,
        Instant createdAt) {

    /** This version without its texts, as listings show it. */
    public VersionSummary summary() {
        return new VersionSummary(application, version, comment, author, createdAt);
    }
}
