package io.maestro.store.audit;

import java.time.Instant;

/**
 * One line of the audit log: who ({@code actor}, from {@code sourceAddress}) did what
 * ({@code action}, e.g. {@code deployment.lease.force-release}) to what ({@code target}, e.g.
 * {@code shop/production}), with a human-readable {@code detail}. Details never hold secret values.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail, String sourceAddress) {}
