package io.maestro.server.build;

import io.maestro.store.build.Build;
import io.maestro.store.build.BuildKind;
import io.maestro.store.build.BuildStatus;
import java.time.Instant;

/**
 * A build or retag as the API shows it.
 *
 * @param commit the exact commit built (null until known; null for a retag)
 * @param image the pushed image, {@code <registry>/<app>/<service>:<commit>} (null until pushed)
 * @param digest the pushed manifest digest (null until pushed)
 * @param meteredSeconds build plus push wall time to the second (0 unless it succeeded)
 * @param detail why it failed or was cancelled (null while it runs)
 * @param server the build server that ran it; null for the control plane's own host
 */
public record BuildInfo(long id, String application, String service, BuildKind kind, BuildStatus status, String ref,
        String commit, String image, String digest, Instant createdAt, Instant startedAt, Instant finishedAt,
        long meteredSeconds, String detail, String server) {

    static BuildInfo of(Build build) {
        return new BuildInfo(build.id(), build.application(), build.service(), build.kind(), build.status(), build.ref(),
                build.commitSha(), build.image(), build.digest(), build.createdAt(), build.startedAt(), build.finishedAt(),
                build.meteredSeconds(), build.detail(), build.server());
    }

    /** True once the build succeeded, failed or was cancelled. */
    public boolean finished() {
        return status.finished();
    }

    public boolean succeeded() {
        return status == BuildStatus.SUCCEEDED;
    }
}
