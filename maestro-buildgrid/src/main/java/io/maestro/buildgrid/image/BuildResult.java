package io.maestro.buildgrid.image;

import java.time.Duration;

/**
 * A built and pushed image.
 *
 * @param image the pushed name, tagged with the full commit hash (or the new tag of a retag)
 * @param commit the commit built (empty for a retag)
 * @param digest the manifest digest the registry stored ({@code sha256:...})
 * @param buildTime clone and {@code buildah bud} wall time (zero for a retag)
 * @param pushTime push wall time (for a retag: pull, tag and push)
 */
public record BuildResult(ImageRef image, String commit, String digest, Duration buildTime, Duration pushTime) {

    /** Metered time as the reference defines it: build plus push, to the second (rounded up). */
    public long meteredSeconds() {
        long millis = buildTime.plus(pushTime).toMillis();
        return (millis + 999) / 1000;
    }
}
