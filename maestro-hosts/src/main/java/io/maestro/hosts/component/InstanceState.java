package io.maestro.hosts.component;

/** Whether an instance exists on its host and runs. */
public enum InstanceState {
    /** No instance folder: never provisioned, or deprovisioned without keeping data. */
    ABSENT,
    /** Provisioned (its files exist) but no process runs. */
    STOPPED,
    /** Its process runs. */
    RUNNING
}
