package io.maestro.model.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An entry of a component's {@code servers} list. */
public sealed interface ServerRef permits ServerRef.Server, ServerRef.SameAs, ServerRef.External {

    /**
     * A server Maestro creates at a cloud vendor, or (Maestro extension) an existing machine given
     * by {@code address} and reached over {@code ssh}.
     *
     * @param uniqueName required name, unique in the manifest; empty when missing (validation reports it)
     * @param vendor cloud vendor, or null for an existing machine
     * @param keyName stored cloud credential name, or null ({@code Default})
     * @param region vendor region, or null
     * @param size vendor instance size, or null
     * @param rootDiskSize GB, or null
     * @param rootDiskType ssd or magnetic, or null
     * @param subnetId AWS subnet, or null
     * @param availabilityZone AWS zone, or null
     * @param address IP or host name of an existing machine, or null
     * @param ssh how to reach an existing machine (extension), or null
     * @param role cluster node role for the docker component (extension), or null for automatic
     * @param tags node tags {@code key=value}, matched by {@code constraints.servers.tags}
     */
    record Server(
            String uniqueName,
            String vendor,
            String keyName,
            String region,
            String size,
            Integer rootDiskSize,
            String rootDiskType,
            String subnetId,
            String availabilityZone,
            String address,
            SshAccess ssh,
            NodeRole role,
            List<String> tags) implements ServerRef {

        public Server {
            Objects.requireNonNull(uniqueName, "uniqueName");
            tags = List.copyOf(tags);
        }

        public Optional<String> optionalAddress() {
            return Optional.ofNullable(address);
        }

        public Optional<SshAccess> optionalSsh() {
            return Optional.ofNullable(ssh);
        }
    }

    /**
     * {@code same_as: NAME}: co-locate with the server of that unique name.
     *
     * @param target the unique name (or alias) of the server to share
     * @param alias this entry's own {@code unique_name}, or null: another entry may say
     *     {@code same_as: ALIAS} and land on the same machine (the chain must end at a server definition)
     */
    record SameAs(String target, String alias) implements ServerRef {

        public SameAs {
            Objects.requireNonNull(target, "target");
        }

        /** A plain {@code same_as: NAME} with no alias. */
        public SameAs(String target) {
            this(target, null);
        }

        public Optional<String> optionalAlias() {
            return Optional.ofNullable(alias);
        }
    }

    /**
     * {@code server: external}: managed outside Maestro. Maestro records where it is (extension:
     * {@code external: {address, port}}) and the credentials the user sets as variables.
     */
    record External(String address, Integer port) implements ServerRef {
        public Optional<String> optionalAddress() {
            return Optional.ofNullable(address);
        }
    }

    /**
     * SSH access to an existing machine (Maestro extension).
     *
     * @param user login user
     * @param port SSH port (22 by default)
     * @param key path of the private key file
     */
    record SshAccess(String user, int port, String key) {}

    /** Kubernetes node role of a docker server (Maestro extension). */
    enum NodeRole { MASTER, WORKER }
}
