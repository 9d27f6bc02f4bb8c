package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.maestro.kube.KubeException;
import io.maestro.kube.ObjectRef;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the inventory ConfigMap, the ApplySet parent of a namespace. */
final class InventoryStore {

    private final KubernetesClient client;
    private final ServerSideApply api;
    private final String namespace;
    private final String applySetId;
    private final ObjectRef ref;

    InventoryStore(KubernetesClient client, ServerSideApply api, String namespace, String applySetId) {
        this.client = client;
        this.api = api;
        this.namespace = namespace;
        this.applySetId = applySetId;
        this.ref = new ObjectRef("", "ConfigMap", namespace, ApplySetLabels.INVENTORY_NAME);
    }

    /**
     * The stored inventory; empty when there is none yet.
     *
     * @throws KubeException when a ConfigMap of that name exists but is not this ApplySet's parent
     */
    Inventory read() {
        ConfigMap stored;
        try {
            stored = client.configMaps().inNamespace(namespace).withName(ApplySetLabels.INVENTORY_NAME).get();
        } catch (KubernetesClientException e) {
            throw KubeException.of("read the inventory", ref, e);
        }
        if (stored == null) {
            return Inventory.empty();
        }
        Map<String, String> labels = Optional.ofNullable(stored.getMetadata().getLabels()).orElse(Map.of());
        if (!applySetId.equals(labels.get(ApplySetLabels.APPLYSET_ID))) {
            throw new KubeException("cannot use " + ref + " as Maestro's inventory: expected the label "
                    + ApplySetLabels.APPLYSET_ID + "=" + applySetId + ", got "
                    + Optional.ofNullable(labels.get(ApplySetLabels.APPLYSET_ID)).map(v -> "'" + v + "'").orElse("none")
                    + "; it belongs to someone else: rename or remove it", ref);
        }
        Map<String, String> data = Optional.ofNullable(stored.getData()).orElse(Map.of());
        return Inventory.parse(namespace, data.get(ApplySetLabels.INVENTORY_KEY));
    }

    void write(Inventory inventory) {
        ConfigMap parent = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ApplySetLabels.INVENTORY_NAME)
                .withNamespace(namespace)
                .addToLabels(ApplySetLabels.APPLYSET_ID, applySetId)
                .addToLabels(ApplySetLabels.MANAGED_BY, ApplySetLabels.MANAGER)
                .addToAnnotations(ApplySetLabels.APPLYSET_TOOLING, ApplySetLabels.TOOLING)
                .addToAnnotations(ApplySetLabels.APPLYSET_CONTAINS_GROUP_KINDS, inventory.groupKinds())
                .endMetadata()
                .addToData(ApplySetLabels.INVENTORY_KEY, inventory.format())
                .build();
        api.apply(ref, parent);
    }
}
