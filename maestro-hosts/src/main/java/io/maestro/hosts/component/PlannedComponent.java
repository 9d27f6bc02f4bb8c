package io.maestro.hosts.component;

import io.maestro.model.manifest.DataStoreConfiguration;
import io.maestro.model.service.DatabaseKind;
import java.util.Objects;

/**
 * One data store group to provision (or, when external, to record) for an application environment.
 *
 * @param kind which engine
 * @param group the group name ({@code default} without named groups)
 * @param primary whether it gets the root variable names ({@code MYSQL_ADDRESS})
 * @param explicitGroups whether the manifest names the store's groups (then the primary also gets scoped names)
 * @param port the port services use: the group's, else the component's, else the engine's default
 * @param configuration the group's settings (version, memory, ...), the component's when it has no groups
 * @param placement where it runs
 */
public record PlannedComponent(DatabaseKind kind, String group, boolean primary, boolean explicitGroups, int port,
        DataStoreConfiguration configuration, Placement placement) {

    public PlannedComponent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(placement, "placement");
    }
}
