package io.maestro.model.service;

import java.util.Map;
import java.util.Objects;

/**
 * A mount in a service's containers. The short form {@code "/host:/container:ro"} binds to a
 * mount with a {@link HostPath} source.
 *
 * @param mountPath absolute path inside the container
 * @param readOnly mount read-only
 * @param subPath sub path of the volume, or null
 * @param subPathExpr sub path with {@code $(VAR)} expansion, or null (exclusive with subPath)
 * @param mountPropagation {@code None}, {@code HostToContainer} or {@code Bidirectional}, or null
 * @param source where the data comes from
 */
public record VolumeMount(
        String mountPath,
        boolean readOnly,
        String subPath,
        String subPathExpr,
        String mountPropagation,
        VolumeSource source) {

    public VolumeMount {
        Objects.requireNonNull(mountPath, "mountPath");
        Objects.requireNonNull(source, "source");
    }

    /** The variants of volume source. */
    public sealed interface VolumeSource permits HostPath, FromData, EmptyDir, PersistentClaim, OtherVolume {}

    /** A directory on the node. {@code type} is the Kubernetes hostPath type, or null. */
    public record HostPath(String path, String type) implements VolumeSource {}

    /**
     * A Secret or ConfigMap built from the application's env vars or ConfigStore records.
     *
     * @param kind secret or config map
     * @param from {@code env_vars} or {@code config_store}
     * @param filter metadata filter such as {@code key=value}, or null for all
     */
    public record FromData(DataKind kind, DataOrigin from, String filter) implements VolumeSource {}

    /** Whether a {@link FromData} volume becomes a Secret or a ConfigMap. */
    public enum DataKind { SECRET, CONFIG_MAP }

    /** Where a {@link FromData} volume's keys come from. */
    public enum DataOrigin { ENV_VARS, CONFIG_STORE }

    /** Scratch space; {@code medium} is {@code Memory} or null, {@code sizeLimit} a quantity or null. */
    public record EmptyDir(String medium, String sizeLimit) implements VolumeSource {}

    /**
     * Storage that outlives the pod (Maestro extension {@code persistent_volume_claim:
     * {size, storage_class, access_mode}}): rendered as a PersistentVolumeClaim.
     */
    public record PersistentClaim(String size, String storageClass, String accessMode) implements VolumeSource {}

    /**
     * Any other Kubernetes volume type, given in snake_case (or camelCase) as the reference allows,
     * passed through. The renderer turns the type and the field names into the API's spelling,
     * including the irregular ones ({@code volume_id} → {@code volumeID}).
     *
     * @param type the type as written ({@code nfs}, {@code aws_elastic_block_store})
     * @param spec the fields as plain data (maps, lists, strings, {@code Long}s, {@code Boolean}s),
     *     keys as written. {@code persistent_volume_claim} with {@code claim_name} (an existing
     *     claim) also binds here.
     */
    public record OtherVolume(String type, Map<String, Object> spec) implements VolumeSource {}
}
