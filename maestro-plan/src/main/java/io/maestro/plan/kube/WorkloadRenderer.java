package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.maestro.model.service.Constraints;
import io.maestro.model.service.IntOrPercent;
import io.maestro.model.service.SecurityContext;
import io.maestro.model.service.Service;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's workload: a Deployment ({@code type: service} or {@code deployment}) or a
 * DaemonSet ({@code type: daemon_set}), with its pod template.
 *
 * <p>Deployments run {@code constraints.min_count} replicas (1 when unset) and roll out with
 * {@code max_surge}/{@code max_unavailable} (50%/50% when unset, the reference's defaults). When
 * a HorizontalPodAutoscaler manages the Deployment, {@code replicas} is left out so that applying
 * the rendered objects again never resets the autoscaler's choice. DaemonSets run one pod per
 * eligible node and use the rolling-update settings only when given.
 *
 * <p>Annotations: the service's {@code annotations} on the workload and the pod template;
 * Maestro's own on the workload: {@code maestro.io/build: git} when BuildGrid must replace the
 * placeholder image, {@code maestro.io/unresolved-env} listing variables the control plane
 * resolves at deploy time.
 */
final class WorkloadRenderer {

    static final String BUILD_ANNOTATION = "maestro.io/build";
    static final String UNRESOLVED_ANNOTATION = "maestro.io/unresolved-env";
    static final IntOrPercent DEFAULT_ROLLING = IntOrPercent.percentage(50);

    private WorkloadRenderer() {}

    static HasMetadata render(RenderContext context, Service service, EnvPlan env) {
        ImageReference image = ImageReference.of(context.options().application(), service);
        Map<String, String> labels = context.serviceLabels(service);
        ObjectMeta metadata = new ObjectMetaBuilder()
                .withName(service.name())
                .withNamespace(context.namespace())
                .withLabels(labels)
                .withAnnotations(workloadAnnotations(service, image, env))
                .build();
        LabelSelector selector = new LabelSelectorBuilder().withMatchLabels(context.selector(service)).build();
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).withAnnotations(new TreeMap<>(service.annotations())).endMetadata()
                .withSpec(podSpec(context, service, image, env))
                .build();
        Constraints constraints = service.constraints();
        if (service.type().isDaemonSet()) {
            DaemonSetBuilder daemonSet = new DaemonSetBuilder().withMetadata(metadata)
                    .withNewSpec().withSelector(selector).withTemplate(template).endSpec();
            if (constraints.maxSurge() != null || constraints.maxUnavailable() != null) {
                daemonSet.editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(intOrString(constraints.maxSurge()))
                        .withMaxUnavailable(intOrString(constraints.maxUnavailable()))
                        .endRollingUpdate().endUpdateStrategy().endSpec();
            }
            return daemonSet.build();
        }
        return new DeploymentBuilder().withMetadata(metadata)
                .withNewSpec()
                .withReplicas(AutoscalingRenderer.autoscaled(service) ? null : AutoscalingRenderer.replicas(service))
                .withSelector(selector)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrString(orDefault(constraints.maxSurge())))
                .withMaxUnavailable(intOrString(orDefault(constraints.maxUnavailable())))
                .endRollingUpdate().endStrategy()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    private static Map<String, String> workloadAnnotations(Service service, ImageReference image, EnvPlan env) {
        Map<String, String> annotations = new TreeMap<>(service.annotations());
        if (image.placeholder()) {
            annotations.put(BUILD_ANNOTATION, ImageReference.GIT_VERSION);
        }
        if (!env.unresolved().isEmpty()) {
            annotations.put(UNRESOLVED_ANNOTATION, String.join(",", env.unresolved()));
        }
        return annotations;
    }

    private static PodSpec podSpec(RenderContext context, Service service, ImageReference image, EnvPlan env) {
        VolumePlan volumes = VolumePlan.of(context, service);
        SecurityContext security = service.securityContext() == null ? SecurityContext.EMPTY : service.securityContext();
        return new PodSpecBuilder()
                .withContainers(ContainerRenderer.render(service, image, env, volumes))
                .withVolumes(volumes.volumes())
                .withServiceAccountName(service.serviceAccountName())
                .withSecurityContext(podSecurity(security))
                .withHostNetwork(security.hostNetwork())
                .withHostPID(security.hostPid())
                .withHostIPC(security.hostIpc())
                .withAffinity(SchedulingRenderer.affinity(service.constraints().servers()))
                .withTolerations(SchedulingRenderer.tolerations(service.constraints().tolerations()))
                .withTerminationGracePeriodSeconds(service.lifecycle().stopGraceSeconds() == null ? null
                        : service.lifecycle().stopGraceSeconds().longValue())
                .build();
    }

    private static PodSecurityContext podSecurity(SecurityContext security) {
        if (security.fsGroup() == null && security.runAsUser() == null && security.runAsGroup() == null
                && security.runAsNonRoot() == null && security.supplementalGroups().isEmpty()) {
            return null;
        }
        return new PodSecurityContextBuilder()
                .withFsGroup(security.fsGroup())
                .withRunAsUser(security.runAsUser())
                .withRunAsGroup(security.runAsGroup())
                .withRunAsNonRoot(security.runAsNonRoot())
                .withSupplementalGroups(security.supplementalGroups())
                .build();
    }

    private static IntOrPercent orDefault(IntOrPercent value) {
        return value == null ? DEFAULT_ROLLING : value;
    }

    static IntOrString intOrString(IntOrPercent value) {
        if (value == null) {
            return null;
        }
        return value.percent() ? new IntOrString(value.toString()) : new IntOrString(value.value());
    }
}
