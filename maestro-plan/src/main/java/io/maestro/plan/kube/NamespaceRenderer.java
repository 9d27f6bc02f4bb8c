package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

/** The application environment's Namespace {@code <app>-<env>}, carrying the common labels. */
final class NamespaceRenderer {

    private NamespaceRenderer() {}

    static Namespace render(RenderContext context) {
        return new NamespaceBuilder().withNewMetadata()
                .withName(context.namespace())
                .withLabels(Labels.common(context.options().application(), context.options().environment()))
                .endMetadata().build();
    }
}
