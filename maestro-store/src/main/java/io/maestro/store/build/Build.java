package io.maestro.store.build;

import java.time.Instant;

/**
 * One build or retag as the store keeps it.
 *
 * @param source the git URL built (a build) or the image retagged (a retag)
 * @param ref the git ref asked for (a build) or the new tag (a retag)
 * @param commitSha the exact commit built, null until known (and for a retag)
 * @param image the pushed image name, null until pushed
 * @param digest the pushed manifest digest, null until pushed
 * @param meteredSeconds build plus push wall time, to the second (0 until it succeeded)
 * @param detail why it failed or was cancelled, or a summary; may be null
 * @param server the build server it ran on; null for the control plane's own host (and before it started)
 */
public record Build(long id, String account, String application, String service, BuildKind kind, BuildStatus status,
        String source, String ref, String commitSha, String image, String digest, String requestedBy,
        Instant createdAt, Instant startedAt, Instant finishedAt, long meteredSeconds, String detail, String server) {}
