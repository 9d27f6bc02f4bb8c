package io.maestro.store.build;

/** What is needed to queue a build or retag row; see {@link Build} for the fields. */
public record NewBuild(String account, String application, String service, BuildKind kind, String source, String ref,
        String requestedBy) {}
