package io.maestro.store.deploy;

import java.time.Instant;
import java.util.List;

/**
 * The last drift check of an application environment: the objects that differ from what the last
 * deployment applied. Empty {@code objects} means no drift.
 */
public record DriftReport(String application, String environment, Instant checkedAt, List<DriftedObject> objects) {

    /** An object that changed out of band, e.g. {@code Deployment web}, {@code modified} / {@code missing}. */
    public record DriftedObject(String kind, String name, String change) {}

    public DriftReport {
        objects = List.copyOf(objects);
    }
}
