package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.maestro.model.service.Service;
import io.maestro.model.service.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code persistent_volume_claim} volumes → PersistentVolumeClaims {@code <service>-storage-<i>}:
 * {@code size} (default {@value #DEFAULT_SIZE}), {@code access_mode} (default
 * {@value #DEFAULT_ACCESS_MODE}), {@code storage_class} (the cluster default when unset).
 */
final class StorageRenderer {

    static final String DEFAULT_SIZE = "1Gi";
    static final String DEFAULT_ACCESS_MODE = "ReadWriteOnce";

    private StorageRenderer() {}

    static List<PersistentVolumeClaim> render(RenderContext context, Service service) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (int i = 0; i < service.volumes().size(); i++) {
            if (service.volumes().get(i).source() instanceof VolumeMount.PersistentClaim claim) {
                claims.add(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(VolumePlan.claimName(service, i)).withNamespace(context.namespace())
                        .withLabels(context.serviceLabels(service)).endMetadata()
                        .withNewSpec()
                        .withAccessModes(claim.accessMode() == null ? DEFAULT_ACCESS_MODE : claim.accessMode())
                        .withStorageClassName(claim.storageClass())
                        .withNewResources().withRequests(Map.of("storage",
                                new Quantity(claim.size() == null ? DEFAULT_SIZE : claim.size()))).endResources()
                        .endSpec()
                        .build());
            }
        }
        return claims;
    }
}
