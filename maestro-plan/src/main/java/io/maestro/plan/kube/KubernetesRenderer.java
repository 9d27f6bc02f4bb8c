package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders every Kubernetes object an application environment needs, as fabric8 model objects.
 *
 * <p>Output is a pure function of the input: the same definition and options give equal objects
 * in the same order (Namespace first, then by kind in {@link #KIND_ORDER}, then by name), so
 * {@link KubeSerializer} turns them into byte-identical text. The one exception is
 * {@code AUTO_GENERATE} values when secrets are shown (see {@link SecretValues}).
 *
 * <p>Every object family has its own renderer: Namespace, workloads (Deployment/DaemonSet with
 * their pod template), Services, Ingresses, ConfigMaps/Secrets, PersistentVolumeClaims,
 * HorizontalPodAutoscalers, PodDisruptionBudgets and data stores (selector-less Service plus
 * EndpointSlice). The result passes {@link ObjectChecks} — the checks an API server makes that
 * model classes do not — or rendering fails with a {@link RenderException} listing the problems.
 *
 * <pre>{@code
 * AppDefinition app = DefinitionLoader.create()
 *         .load(Source.file(Path.of("service.yml")), Optional.empty(), "production");
 * List<HasMetadata> objects = KubernetesRenderer.render(app, new RenderOptions("shop", "production", false));
 * String yaml = KubeSerializer.toYaml(objects);
 * }</pre>
 */
public final class KubernetesRenderer {

    /** The order of kinds in the output: what must exist first comes first (as Helm orders installs). */
    public static final List<String> KIND_ORDER = List.of(
            "Namespace", "Secret", "ConfigMap", "PersistentVolumeClaim", "Service", "EndpointSlice",
            "DaemonSet", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress");

    private static final Comparator<HasMetadata> ORDER = Comparator
            .comparingInt((HasMetadata o) -> kindRank(o.getKind()))
            .thenComparing(o -> o.getMetadata().getName());

    private KubernetesRenderer() {}

    /** Renders with the environment's variables resolved by {@link EnvResolver}. */
    public static List<HasMetadata> render(AppDefinition definition, RenderOptions options) {
        return render(definition, EnvResolver.resolve(definition, options.environment()), options);
    }

    /**
     * Renders with variables already resolved (the planner resolves once for several renderers).
     *
     * @throws RenderException when an object would be rejected by the API server
     */
    public static List<HasMetadata> render(AppDefinition definition, ResolvedEnvironment variables, RenderOptions options) {
        RenderContext context = RenderContext.of(definition, variables, options);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(NamespaceRenderer.render(context));
        for (Service service : definition.services().services().values()) {
            EnvPlan env = EnvPlan.of(context, service);
            objects.add(WorkloadRenderer.render(context, service, env));
            objects.addAll(ConfigRenderer.render(context, service, env));
            objects.addAll(StorageRenderer.render(context, service));
            objects.addAll(ServiceRenderer.render(context, service));
            IngressRenderer.render(context, service).ifPresent(objects::add);
            AutoscalingRenderer.render(context, service).ifPresent(objects::add);
            DisruptionBudgetRenderer.render(context, service).ifPresent(objects::add);
        }
        objects.addAll(DataStoreRenderer.render(context));
        objects.sort(ORDER);
        List<String> problems = ObjectChecks.check(objects);
        if (!problems.isEmpty()) {
            throw new RenderException(problems);
        }
        return List.copyOf(objects);
    }

    private static int kindRank(String kind) {
        int rank = KIND_ORDER.indexOf(kind);
        return rank < 0 ? KIND_ORDER.size() : rank;
    }
}
