package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import java.util.List;

/** PLACEHOLDER: being written. Renders every Kubernetes object an environment needs. */
public final class KubernetesRenderer {

    private KubernetesRenderer() {}

    public static List<HasMetadata> render(AppDefinition definition, RenderOptions options) {
        return List.of();
    }
}
