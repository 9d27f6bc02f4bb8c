package io.maestro.model.manifest;

import java.util.List;
import java.util.Objects;

/**
 * One database group. The primary group gets the root variables ({@code MYSQL_ADDRESS}) and the
 * bare Kubernetes Service name ({@code mysql}); the others get {@code MYSQL_<GROUP>_ADDRESS} and
 * {@code mysql-<group>}.
 *
 * @param name group name (a DNS-1123 label once validated)
 * @param configuration the group's settings
 * @param servers where it runs
 * @param primary whether this is the default/primary group
 */
public record DataStoreGroup(String name, DataStoreConfiguration configuration, List<ServerRef> servers, boolean primary) {

    public DataStoreGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configuration, "configuration");
        servers = List.copyOf(servers);
    }
}
