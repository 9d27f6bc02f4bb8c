package io.maestro.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.apply.Applier;
import io.maestro.kube.apply.ApplyOptions;
import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentTarget;
import io.maestro.store.deploy.DriftReport;
import io.maestro.store.deploy.EnvironmentSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The drift check: renders again what the last successful deployment applied (same version, same
 * images, current scaled counts) and compares every object with the live one. A live object
 * differs when a field Maestro sets has another value (fields only the server sets, defaults and
 * status are not Maestro's and are ignored), or when it is missing. The replica count of a workload
 * an HPA scales, or that {@code maestro services scale} scaled, is not compared.
 *
 * <p>When the environment opts in ({@code reapplyDrift}) the desired objects are applied again,
 * with force (taking back fields an out-of-band edit took over), under the environment's lease so
 * that it never races a deployment; a busy environment is left for the next check.
 */
final class DriftCheck {

    private final Store store;
    private final ClusterConnector clusters;
    private final DeployConfig config;
    private final Function<EnvironmentSettings, String> clusterChoice;

    DriftCheck(Store store, ClusterConnector clusters, DeployConfig config, Function<EnvironmentSettings, String> clusterChoice) {
        this.store = store;
        this.clusters = clusters;
        this.config = config;
        this.clusterChoice = clusterChoice;
    }

    DriftReport check(String application, String environment) {
        Deployment last = store.deploymentTargets().lastSucceeded(application, environment, Long.MAX_VALUE)
                .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT, application + " has no successful"
                        + " deployment to " + environment + "; there is nothing to compare with"));
        EnvironmentSettings settings = store.environmentSettings().get(application, environment);
        DeploymentTarget target = store.deploymentTargets().find(last.id()).orElseThrow();
        String cluster = target.cluster() != null ? target.cluster() : clusterChoice.apply(settings);
        AppDefinition definition = DesiredState.load(store, application, last.version(), environment);
        ResolvedEnvironment variables = DesiredState.resolve(store, definition, application, environment,
                DesiredState.referencesCheckedAs(store, last),
                new ArrayList<>());
        DesiredState.Rendered rendered = DesiredState.render(definition, variables, application, environment,
                store.desiredReplicas().all(application, environment), target.images());

        try (KubernetesClient client = clusters.connect(cluster)) {
            Set<String> scaledElsewhere = replicasNotCompared(client, rendered, store.desiredReplicas().all(application, environment));
            List<DriftReport.DriftedObject> drifted = new ArrayList<>();
            for (HasMetadata desired : rendered.objects()) {
                if ("Namespace".equals(desired.getKind())) {
                    continue;   // may be an admin's namespace, which Maestro deploys into but never edits
                }
                HasMetadata live = client.resource(desired).inNamespace(rendered.namespace()).get();
                if (live == null) {
                    drifted.add(new DriftReport.DriftedObject(desired.getKind(), desired.getMetadata().getName(), "missing"));
                    continue;
                }
                JsonNode want = client.getKubernetesSerialization().convertValue(desired, JsonNode.class);
                if (scaledElsewhere.contains(desired.getKind() + "/" + desired.getMetadata().getName())
                        && want.get("spec") instanceof ObjectNode spec) {
                    spec.remove("replicas");
                }
                JsonNode have = client.getKubernetesSerialization().convertValue(live, JsonNode.class);
                String difference = difference(want, have, "");
                if (difference != null) {
                    drifted.add(new DriftReport.DriftedObject(desired.getKind(), desired.getMetadata().getName(),
                            "modified: " + difference));
                }
            }
            DriftReport report = store.driftReports().put(application, environment, drifted);
            if (!drifted.isEmpty() && settings.reapplyDrift()) {
                reapply(application, environment, client, rendered, drifted);
            }
            return report;
        }
    }

    /**
     * {@code Kind/name} of the workloads whose {@code spec.replicas} is not compared: those a
     * HorizontalPodAutoscaler targets (rendered by Maestro or found in the namespace), which it
     * scales on its own, and those scaled with {@code maestro services scale} (applied through the
     * scale subresource, so not an out-of-band change).
     */
    private static Set<String> replicasNotCompared(KubernetesClient client, DesiredState.Rendered rendered,
            Map<String, Integer> scaled) {
        Set<String> out = new HashSet<>();
        scaled.keySet().forEach(service -> out.add("Deployment/" + service));
        List<HorizontalPodAutoscaler> autoscalers = new ArrayList<>();
        rendered.objects().stream().filter(HorizontalPodAutoscaler.class::isInstance).map(HorizontalPodAutoscaler.class::cast)
                .forEach(autoscalers::add);
        autoscalers.addAll(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(rendered.namespace()).list().getItems());
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            if (hpa.getSpec() != null && hpa.getSpec().getScaleTargetRef() != null) {
                out.add(hpa.getSpec().getScaleTargetRef().getKind() + "/" + hpa.getSpec().getScaleTargetRef().getName());
            }
        }
        return out;
    }

    private void reapply(String application, String environment, KubernetesClient client, DesiredState.Rendered rendered,
            List<DriftReport.DriftedObject> drifted) {
        // Its own holder name: the deploy worker of this process may hold the lease under config.holder().
        String holder = config.holder() + "/drift";
        if (store.leases().tryAcquire(application, environment, holder, config.leaseTime()).isEmpty()) {
            return;   // a deployment is running: it applies everything anyway
        }
        try {
            Applier.create(client, ApplyOptions.defaults().withForce(true).withPrune(false).withReapplyUnchanged(true))
                    .apply(rendered.namespace(), rendered.objects());
            store.audit().record(Actor.system(), "drift.reapply", application + "/" + environment,
                    "re-applied after out-of-band changes: " + String.join(", ", drifted.stream()
                            .map(o -> o.kind() + " " + o.name() + " (" + o.change() + ")").toList()));
        } finally {
            store.leases().release(application, environment, holder);
        }
    }

    /** The first path where {@code live} does not hold what {@code desired} sets; null when it holds all of it. */
    static String difference(JsonNode desired, JsonNode live, String path) {
        if (desired == null || desired.isNull()) {
            return null;
        }
        if (live == null || live.isNull() || live.isMissingNode()) {
            return path.isEmpty() ? "(whole object)" : path;
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return path;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (path.isEmpty() && field.getKey().equals("status")) {
                    continue;
                }
                String found = difference(field.getValue(), live.get(field.getKey()),
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return path;
            }
            for (int i = 0; i < desired.size(); i++) {
                String found = difference(desired.get(i), live.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        // Scalars as text: 80 and "80" (an IntOrString) are the same value.
        return desired.asText().equals(live.asText()) ? null : path;
    }
}
