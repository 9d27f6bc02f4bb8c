package io.maestro.store.deploy;

/** Where a journaled step is: {@code PENDING -> RUNNING -> DONE | FAILED}, or {@code PENDING -> FAILED}. */
public enum StepStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED
}
