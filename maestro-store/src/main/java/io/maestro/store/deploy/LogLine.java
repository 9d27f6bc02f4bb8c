package io.maestro.store.deploy;

import java.time.Instant;

/** One line of a deployment's log: {@code seq} 1, 2, 3, ... in the order written. */
public record LogLine(long deploymentId, int seq, Instant at, String line) {}
