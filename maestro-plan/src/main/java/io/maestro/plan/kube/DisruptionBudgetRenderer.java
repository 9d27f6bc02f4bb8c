package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.maestro.model.service.Service;
import java.util.Optional;

/**
 * A policy/v1 PodDisruptionBudget with {@code maxUnavailable: 1} for every Deployment that runs
 * more than one replica, so a node drain never takes all of a service's pods at once. A single
 * replica gets none: a budget would block drains forever.
 */
final class DisruptionBudgetRenderer {

    private DisruptionBudgetRenderer() {}

    static Optional<PodDisruptionBudget> render(RenderContext context, Service service) {
        if (service.type().isDaemonSet() || AutoscalingRenderer.replicas(service) <= 1) {
            return Optional.empty();
        }
        return Optional.of(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(service.name()).withNamespace(context.namespace())
                .withLabels(context.serviceLabels(service)).endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(context.selector(service)).endSelector()
                .endSpec()
                .build());
    }
}
