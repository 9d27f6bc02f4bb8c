package io.maestro.store.build;

import java.time.Instant;

/**
 * One row of the Build Minutes ledger: a build or retag ({@code kind} is {@code build} or
 * {@code retag}) of {@code account}, finished at {@code finishedAt}, metered {@code meteredSeconds}
 * (build plus push wall time, to the second).
 */
public record BuildMinutesEntry(long id, String account, String buildId, String kind, Instant finishedAt, long meteredSeconds) {}
