package io.maestro.store.build;

import java.time.Instant;

/** One line of a build's log, numbered from 1 in the order it was printed. */
public record BuildLogLine(long buildId, int seq, Instant at, String line) {}
