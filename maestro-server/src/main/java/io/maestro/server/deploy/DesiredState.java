package io.maestro.server.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.env.ResolvedValue;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.server.env.StackReferences;
import io.maestro.plan.kube.Names;
import io.maestro.plan.kube.RenderOptions;
import io.maestro.store.Store;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.deploy.DeploymentTarget;
import io.maestro.store.env.EnvVarChange;
import io.maestro.store.secret.SecretName;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an application environment should look like in its cluster: the stored version loaded,
 * its variables resolved with the control plane's values, and the Kubernetes objects rendered.
 *
 * <p>Variables: the definition's, then the ones set through the API (application level, then
 * the service's own), which win over the definition's of the same name. A variable set as a
 * secret reads its value from the secret store where the env vars API put it
 * ({@link io.maestro.server.env.EnvVarValues#secretOf}). Every
 * {@code AUTO_GENERATE} value is generated once per environment and kept encrypted in the secret
 * store (scope {@code generated:ENVIRONMENT}, name = the variable that owns it), so redeploys and
 * rollbacks keep it.
 */
final class DesiredState {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Rollbacks of rollbacks followed back to the deployment that first shipped a definition. */
    private static final int MAX_ROLLBACK_HOPS = 50;

    /** Rendered objects (Namespace first), their namespace and the image of every workload. */
    record Rendered(String namespace, List<HasMetadata> objects, Map<String, String> images) {}

    private DesiredState() {}

    static String namespace(String application, String environment) {
        return Names.namespace(application, environment);
    }

    /** Loads stored version {@code version} for {@code environment}. */
    static AppDefinition load(Store store, String application, int version, String environment) {
        ApplicationVersion stored = store.versions().find(application, version)
                .orElseThrow(() -> new NotFoundException("application '" + application + "' has no version " + version));
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", stored.serviceYml()),
                Optional.ofNullable(stored.manifestYml()).map(text -> DefinitionLoader.Source.text("manifest.yml", text)),
                environment);
    }

    /**
     * Whose rights the cross-application references of {@code deployment} are checked against: its
     * requester, except for a rollback (manual or automatic), which redeploys a definition someone
     * else deployed: then the requester of the deployment it redeploys, followed through rollbacks of
     * rollbacks to the deployment that first shipped that definition. That user's rights are checked
     * as they are now, so a revoked share or role also stops the rollback.
     */
    static String referencesCheckedAs(Store store, io.maestro.store.deploy.Deployment deployment) {
        io.maestro.store.deploy.Deployment current = deployment;
        for (int hops = 0; hops < MAX_ROLLBACK_HOPS; hops++) {
            Long rollbackOf = store.deploymentTargets().find(current.id()).map(DeploymentTarget::rollbackOf).orElse(null);
            if (rollbackOf == null) {
                return current.requestedBy();
            }
            Optional<io.maestro.store.deploy.Deployment> redeployed = store.deployments().find(rollbackOf);
            if (redeployed.isEmpty()) {
                return current.requestedBy();
            }
            current = redeployed.get();
        }
        return current.requestedBy();
    }

    /**
     * Resolves the variables with the stored values, the kept generated ones and the other
     * applications' ones (cross-application references, checked against {@code requestedBy}'s
     * rights, see {@link StackReferences}); says what it used in {@code notes}.
     */
    static ResolvedEnvironment resolve(Store store, AppDefinition definition, String application, String environment,
            String requestedBy, List<String> notes) {
        EnvResolver.Resolution resolution = EnvResolver.analyse(definition, environment);
        ResolvedEnvironment offline = new StackReferences(store).resolve(definition, resolution, application, environment,
                requestedBy);
        Map<String, String> generated = new LinkedHashMap<>();
        Map<String, ResolvedValue> app = keepGenerated(store, application, environment, offline.application(), generated);
        Map<String, ResolvedValue> injected = keepGenerated(store, application, environment, offline.injected(), generated);
        int stored = overlay(store, application, null, environment, app);
        Map<String, Map<String, ResolvedValue>> services = new LinkedHashMap<>();
        for (String service : definition.services().services().keySet()) {
            Map<String, ResolvedValue> values = keepGenerated(store, application, environment, offline.service(service), generated);
            stored += overlay(store, application, service, environment, values);
            services.put(service, values);
        }
        notes.add(stored + " variable" + (stored == 1 ? "" : "s") + " set through the API, "
                + generated.size() + " generated value" + (generated.size() == 1 ? "" : "s") + " kept");
        return new ResolvedEnvironment(app, injected, services);
    }

    /** Renders, then applies the scaled replica counts and (for a rollback) the pinned images. */
    static Rendered render(AppDefinition definition, ResolvedEnvironment variables, String application, String environment,
            Map<String, Integer> replicas, Map<String, String> pinnedImages) {
        List<HasMetadata> objects = new ArrayList<>(KubernetesRenderer.render(definition, variables,
                new RenderOptions(application, environment, true)));
        Map<String, String> images = new LinkedHashMap<>();
        for (HasMetadata object : objects) {
            String name = object.getMetadata().getName();
            PodTemplateSpec template = null;
            if (object instanceof Deployment deployment) {
                Integer count = replicas.get(name);
                if (count != null) {
                    deployment.getSpec().setReplicas(count);
                }
                template = deployment.getSpec().getTemplate();
            } else if (object instanceof DaemonSet daemonSet) {
                template = daemonSet.getSpec().getTemplate();
            }
            if (template == null) {
                continue;
            }
            Container main = mainContainer(template, name);
            if (main != null) {
                String pinned = pinnedImages.get(name);
                if (pinned != null) {
                    main.setImage(pinned);
                }
                images.put(name, main.getImage());
            }
        }
        return new Rendered(namespace(application, environment), List.copyOf(objects), images);
    }

    /** The container named like the workload (the service's own), else the first one. */
    static Container mainContainer(PodTemplateSpec template, String workload) {
        if (template.getSpec() == null || template.getSpec().getContainers() == null || template.getSpec().getContainers().isEmpty()) {
            return null;
        }
        return template.getSpec().getContainers().stream().filter(c -> workload.equals(c.getName())).findFirst()
                .orElse(template.getSpec().getContainers().get(0));
    }

    private static Map<String, ResolvedValue> keepGenerated(Store store, String application, String environment,
            Map<String, ResolvedValue> values, Map<String, String> generated) {
        Map<String, ResolvedValue> out = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value.segments().stream().noneMatch(ResolvedValue.Generated.class::isInstance)) {
                out.put(name, value);
                return;
            }
            List<ResolvedValue.Segment> segments = new ArrayList<>();
            for (ResolvedValue.Segment segment : value.segments()) {
                if (segment instanceof ResolvedValue.Generated g) {
                    String kept = generated.computeIfAbsent(g.owner(), owner -> keptValue(store, application, environment, g));
                    segments.add(new ResolvedValue.Text(kept));
                } else {
                    segments.add(segment);
                }
            }
            out.put(name, new ResolvedValue(segments, true));
        });
        return out;
    }

    private static String keptValue(Store store, String application, String environment, ResolvedValue.Generated g) {
        SecretName name = new SecretName(application, "generated:" + environment, g.owner());
        return store.secrets().get(name).orElseGet(() -> {
            StringBuilder text = new StringBuilder(g.length());
            for (int i = 0; i < g.length(); i++) {
                text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
            }
            store.secrets().put(name, text.toString());
            return text.toString();
        });
    }

    /**
     * Lays the variables set through the API over {@code values}: those set for every environment
     * first, then those set for {@code environment}, which win.
     */
    private static int overlay(Store store, String application, String service, String environment,
            Map<String, ResolvedValue> values) {
        List<EnvVarChange> set = new ArrayList<>(store.envVars().currentIn(application, service, null));
        set.addAll(store.envVars().currentIn(application, service, environment));
        for (EnvVarChange change : set) {
            if (change.isSecret()) {
                String value = store.secrets().get(io.maestro.server.env.EnvVarValues.secretOf(change))
                        .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT, "variable " + change.name()
                                + (service == null ? "" : " of service " + service) + " is a secret that is missing from"
                                + " the secret store; set the variable again with maestro env-vars set"));
                values.put(change.name(), ResolvedValue.text(value, true));
            } else {
                values.put(change.name(), ResolvedValue.text(change.value(), false));
            }
        }
        return set.size();
    }
}
