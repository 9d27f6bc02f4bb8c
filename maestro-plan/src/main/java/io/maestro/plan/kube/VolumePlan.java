package io.maestro.plan.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.maestro.model.service.Service;
import io.maestro.model.service.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's pod volumes and container mounts.
 *
 * <p>The volume of {@code volumes[i]} is named {@code vol-<i>}; the log folder's is {@code logs}.
 * Sources: {@code host_path} → hostPath; {@code empty_dir} → emptyDir;
 * {@code persistent_volume_claim} → the PVC {@code <service>-storage-<i>}; {@code secret} /
 * {@code config_map} → the Secret / ConfigMap {@code <service>-data-<i>}; any other type →
 * passed through (snake_case keys camelCased, see {@link SnakeCase}). {@code log_folder} mounts
 * the node's {@code /var/log/containers/<namespace>/<service>} (created when missing).
 *
 * @param volumes pod volumes, in order
 * @param mounts container mounts, in order
 */
record VolumePlan(List<Volume> volumes, List<io.fabric8.kubernetes.api.model.VolumeMount> mounts) {

    static final String LOG_VOLUME = "logs";
    static final String NODE_LOG_ROOT = "/var/log/containers";
    private static final ObjectMapper PASS_THROUGH = new ObjectMapper();

    static String volumeName(int index) {
        return "vol-" + index;
    }

    static String claimName(Service service, int index) {
        return Names.suffixed(service.name(), "storage-" + index);
    }

    static String dataName(Service service, int index) {
        return Names.suffixed(service.name(), "data-" + index);
    }

    static VolumePlan of(RenderContext context, Service service) {
        List<Volume> volumes = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
        for (int i = 0; i < service.volumes().size(); i++) {
            VolumeMount mount = service.volumes().get(i);
            volumes.add(volume(service, i, mount.source()));
            mounts.add(new VolumeMountBuilder()
                    .withName(volumeName(i))
                    .withMountPath(mount.mountPath())
                    .withReadOnly(mount.readOnly() ? Boolean.TRUE : null)
                    .withSubPath(mount.subPath())
                    .withSubPathExpr(mount.subPathExpr())
                    .withMountPropagation(mount.mountPropagation())
                    .build());
        }
        if (service.logFolder() != null) {
            volumes.add(new VolumeBuilder().withName(LOG_VOLUME).withNewHostPath()
                    .withPath(NODE_LOG_ROOT + "/" + context.namespace() + "/" + service.name())
                    .withType("DirectoryOrCreate").endHostPath().build());
            mounts.add(new VolumeMountBuilder().withName(LOG_VOLUME).withMountPath(service.logFolder()).build());
        }
        return new VolumePlan(List.copyOf(volumes), List.copyOf(mounts));
    }

    private static Volume volume(Service service, int index, VolumeMount.VolumeSource source) {
        VolumeBuilder volume = new VolumeBuilder().withName(volumeName(index));
        return switch (source) {
            case VolumeMount.HostPath host -> volume.withNewHostPath()
                    .withPath(host.path()).withType(host.type()).endHostPath().build();
            case VolumeMount.EmptyDir empty -> volume.withNewEmptyDir()
                    .withMedium(empty.medium())
                    .withSizeLimit(empty.sizeLimit() == null ? null
                            : new io.fabric8.kubernetes.api.model.Quantity(empty.sizeLimit()))
                    .endEmptyDir().build();
            case VolumeMount.PersistentClaim claim -> volume.withNewPersistentVolumeClaim()
                    .withClaimName(claimName(service, index)).endPersistentVolumeClaim().build();
            case VolumeMount.FromData data -> data.kind() == VolumeMount.DataKind.SECRET
                    ? volume.withNewSecret().withSecretName(dataName(service, index)).endSecret().build()
                    : volume.withNewConfigMap().withName(dataName(service, index)).endConfigMap().build();
            case VolumeMount.OtherVolume other -> passThrough(service, index, other);
        };
    }

    /**
     * A volume type Maestro does not model, as written. It is read into fabric8's typed volume
     * source when it fits, so known fields serialize as usual; a value that does not fit its
     * Kubernetes field (a list where a string belongs, {@code read_only: maybe}) is kept verbatim
     * instead, for the API server to judge when the objects are applied. Rendering never fails on
     * it: the validator cannot know every volume type's schema, so it accepts these maps as they are.
     */
    private static Volume passThrough(Service service, int index, VolumeMount.OtherVolume other) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("name", volumeName(index));
        raw.put(SnakeCase.camel(other.type()), SnakeCase.camelKeys(other.spec()));
        try {
            return PASS_THROUGH.convertValue(raw, Volume.class);
        } catch (IllegalArgumentException e) {
            Volume verbatim = new VolumeBuilder().withName(volumeName(index)).build();
            verbatim.setAdditionalProperty(SnakeCase.camel(other.type()), SnakeCase.camelKeys(other.spec()));
            return verbatim;
        }
    }
}
