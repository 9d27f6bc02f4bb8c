package io.maestro.hosts.component;

import io.maestro.model.manifest.ServerRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where one data store group runs, as {@link PlacementPlanner} reads it from the manifest. */
public sealed interface Placement permits Placement.Dedicated, Placement.CoLocated, Placement.External,
        Placement.DefaultServer {

    /**
     * On a server defined in the component's own {@code servers} list.
     *
     * @param server the server's {@code unique_name}
     * @param definition its manifest definition (address, SSH access, vendor, ...)
     */
    record Dedicated(String server, ServerRef.Server definition) implements Placement {
        public Dedicated {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(definition, "definition");
        }
    }

    /**
     * On another component's server, reached through {@code same_as}.
     *
     * @param server the {@code unique_name} of the server at the end of the chain
     * @param definition its manifest definition
     * @param via the names followed, from the first {@code same_as} target to {@code server}
     */
    record CoLocated(String server, ServerRef.Server definition, List<String> via) implements Placement {
        public CoLocated {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(definition, "definition");
            via = List.copyOf(via);
        }
    }

    /**
     * Managed outside Maestro ({@code server: external}): Maestro provisions nothing and only records
     * where it is and the credentials the user gives.
     *
     * @param address where it is, when the manifest says ({@code external: {address, port}})
     * @param port its port: the manifest's, else the group's configured or the engine's default port
     */
    record External(Optional<String> address, int port) implements Placement {
        public External {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * The manifest says nothing (a bare {@code databases:} entry in service.yml, or a component without
     * {@code servers}): Maestro's default server for the environment, on one machine this host.
     */
    record DefaultServer() implements Placement {}

    /** Whether Maestro provisions the store itself (everything but {@link External}). */
    default boolean managed() {
        return !(this instanceof External);
    }
}
