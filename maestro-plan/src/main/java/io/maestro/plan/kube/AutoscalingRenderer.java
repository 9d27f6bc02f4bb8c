package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.maestro.model.service.Constraints;
import io.maestro.model.service.Service;
import java.util.Optional;

/**
 * {@code constraints.min_count}/{@code max_count} → an autoscaling/v2 HorizontalPodAutoscaler,
 * when both are set and differ (equal bounds are a fixed count). It targets 80% average CPU
 * utilisation (of the container's CPU request): a conventional default, since the reference
 * gives no metric. DaemonSets are never autoscaled. {@code min_count: 0} becomes
 * {@code minReplicas: 1}: an autoscaler cannot scale to zero (the validator warns).
 */
final class AutoscalingRenderer {

    static final int CPU_TARGET_PERCENT = 80;

    private AutoscalingRenderer() {}

    static boolean autoscaled(Service service) {
        Constraints c = service.constraints();
        return !service.type().isDaemonSet() && c.minCount() != null && c.maxCount() != null
                && !c.minCount().equals(c.maxCount());
    }

    /** The Deployment's replica count: {@code min_count}, else 1. */
    static int replicas(Service service) {
        Integer min = service.constraints().minCount();
        return min == null ? 1 : min;
    }

    static Optional<HorizontalPodAutoscaler> render(RenderContext context, Service service) {
        if (!autoscaled(service)) {
            return Optional.empty();
        }
        return Optional.of(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(service.name()).withNamespace(context.namespace())
                .withLabels(context.serviceLabels(service)).endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef("apps/v1", "Deployment", service.name())
                .withMinReplicas(Math.max(1, service.constraints().minCount()))
                .withMaxReplicas(service.constraints().maxCount())
                .withMetrics(new MetricSpecBuilder().withType("Resource").withNewResource()
                        .withName("cpu").withNewTarget().withType("Utilization")
                        .withAverageUtilization(CPU_TARGET_PERCENT).endTarget().endResource().build())
                .endSpec()
                .build());
    }
}
