package io.maestro.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.plan.kube.KubeSerializer;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.Names;
import io.maestro.plan.kube.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the pods of the local target from the very objects the Kubernetes target applies
 * ({@link KubernetesRenderer}): each Deployment's (or DaemonSet's) pod template becomes the spec
 * every replica is played from with {@code podman kube play}.
 *
 * <p>What changes on the way, and why:
 * <ul>
 *   <li>env: every {@code configMapKeyRef}/{@code secretKeyRef} is replaced by its value from the
 *       rendered ConfigMap/Secret, the deployment's {@link LocalDeployment#env() env} overrides
 *       are applied, then {@code $(VAR)} is expanded as Kubernetes does (podman does neither);</li>
 *   <li>probes are taken out of the spec and run by Maestro ({@link HealthProbe}): podman runs
 *       health checks with systemd timers, which do not exist on a machine without systemd, and
 *       an {@code httpGet} probe would need curl in the image;</li>
 *   <li>lifecycle hooks, service accounts, affinity and tolerations have no meaning on one host
 *       and are left out; {@code restartPolicy: Always} makes podman restart a crashed container;</li>
 *   <li>volumes: the {@code log_folder} host path moves under Maestro's data dir; a persistent
 *       claim becomes the podman volume {@code <app>-<env>-<claim>}; ConfigMap and Secret
 *       volumes are not supported locally yet (a clear error).</li>
 * </ul>
 */
final class PodSpecs {

    static final String LABEL_APP = "maestro.io/local";
    static final String LABEL_SERVICE = "maestro.io/service";
    static final String LABEL_REVISION = "maestro.io/revision";
    static final String LABEL_BACKENDS = "maestro.io/backends";
    static final String LABEL_POD = "maestro.io/pod";
    static final String LABEL_UDP_BACKENDS = "maestro.io/udp-backends";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
    private static final int DEFAULT_STOP_GRACE = 10;
    /** Marks a Deployment without replicas: a HorizontalPodAutoscaler would own its count. */
    private static final int AUTOSCALED = -1;

    private PodSpecs() {}

    /** One plan per container service, in the definition's order. */
    static List<ServicePlan> plan(LocalDeployment deployment, Path logRoot) {
        String namespace = Names.namespace(deployment.application(), deployment.environment());
        RenderOptions options = new RenderOptions(deployment.application(), deployment.environment(), true);
        List<HasMetadata> objects = deployment.variables()
                .map(variables -> KubernetesRenderer.render(deployment.definition(), variables, options))
                .orElseGet(() -> KubernetesRenderer.render(deployment.definition(), options));
        Map<String, ConfigMap> configMaps = new TreeMap<>();
        Map<String, Secret> secrets = new TreeMap<>();
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        Map<String, Integer> replicas = new TreeMap<>();
        for (HasMetadata object : objects) {
            switch (object) {
                case ConfigMap cm -> configMaps.put(cm.getMetadata().getName(), cm);
                case Secret secret -> secrets.put(secret.getMetadata().getName(), secret);
                case Deployment d -> {
                    templates.put(d.getMetadata().getName(), d.getSpec().getTemplate());
                    replicas.put(d.getMetadata().getName(), d.getSpec().getReplicas() == null ? AUTOSCALED : d.getSpec().getReplicas());
                }
                case DaemonSet ds -> {
                    templates.put(ds.getMetadata().getName(), ds.getSpec().getTemplate());
                    replicas.put(ds.getMetadata().getName(), 1);
                }
                default -> { }
            }
        }
        List<ServicePlan> plans = new ArrayList<>();
        for (Service service : deployment.definition().services().services().values()) {
            PodTemplateSpec template = templates.get(service.name());
            if (template == null) {
                continue;
            }
            plans.add(servicePlan(deployment, namespace, service, template, replicas.get(service.name()),
                    configMaps, secrets, logRoot));
        }
        return List.copyOf(plans);
    }

    private static ServicePlan servicePlan(LocalDeployment deployment, String namespace, Service service,
            PodTemplateSpec template, int replicas, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets,
            Path logRoot) {
        PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec()).build();
        Optional<Probe> readiness = Optional.empty();
        List<Container> containers = new ArrayList<>();
        List<Integer> containerPorts = new ArrayList<>();
        List<Integer> udpPorts = new ArrayList<>();
        for (Container original : spec.getContainers()) {
            Container container = new io.fabric8.kubernetes.api.model.ContainerBuilder(original).build();
            Probe probe = firstNonNull(container.getReadinessProbe(), container.getStartupProbe(), container.getLivenessProbe());
            if (readiness.isEmpty() && probe != null) {
                readiness = Optional.of(probe);
            }
            container.setReadinessProbe(null);
            container.setLivenessProbe(null);
            container.setStartupProbe(null);
            container.setLifecycle(null);
            container.setEnv(flatten(service.name(), container.getEnv(), configMaps, secrets, deployment.env()));
            for (ContainerPort port : container.getPorts()) {
                (isUdp(port) ? udpPorts : containerPorts).add(port.getContainerPort());
            }
            containers.add(container);
        }
        spec.setContainers(containers);
        spec.setVolumes(volumes(service, namespace, spec.getVolumes(), logRoot));
        spec.setRestartPolicy("Always");
        spec.setServiceAccountName(null);
        spec.setAffinity(null);
        spec.setTolerations(null);
        Map<String, String> labels = new TreeMap<>(template.getMetadata().getLabels());
        labels.put(LABEL_APP, namespace);
        labels.put(LABEL_SERVICE, service.name());
        Pod pod = new PodBuilder().withNewMetadata().withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                .withSpec(spec).build();
        List<PublishedPort> published = published(deployment, service);
        String revision = revision(pod, published);
        pod.getMetadata().getLabels().put(LABEL_REVISION, revision);
        int grace = spec.getTerminationGracePeriodSeconds() == null ? DEFAULT_STOP_GRACE
                : spec.getTerminationGracePeriodSeconds().intValue();
        // No autoscaler runs on one host: an autoscaled service starts at min_count (LocalRuntime keeps a scaled count).
        boolean autoscaled = replicas == AUTOSCALED;
        int count = autoscaled ? (service.constraints().minCount() == null ? 1 : service.constraints().minCount()) : replicas;
        Integer kept = deployment.replicas().get(service.name());
        if (kept != null) {
            // A count kept by `maestro services scale` wins, also over the autoscaled default: it is desired, not a guess.
            count = kept;
            autoscaled = false;
        }
        return new ServicePlan(service.name(), pod, count, autoscaled, List.copyOf(containerPorts), List.copyOf(udpPorts),
                published, readiness, grace, revision);
    }

    /**
     * A replica's pod: the template with its name and each container port published on 127.0.0.1
     * ({@code backendPorts} for TCP ports, {@code udpBackendPorts} for UDP ones).
     */
    static Pod replica(ServicePlan plan, String podName, Map<Integer, Integer> backendPorts,
            Map<Integer, Integer> udpBackendPorts) {
        Pod pod = new PodBuilder(plan.template()).editMetadata().withName(podName).endMetadata().build();
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort port : container.getPorts()) {
                port.setHostIP("127.0.0.1");
                port.setHostPort((isUdp(port) ? udpBackendPorts : backendPorts).get(port.getContainerPort()));
            }
        }
        pod.getMetadata().getLabels().put(LABEL_BACKENDS, encodeBackends(backendPorts));
        if (!udpBackendPorts.isEmpty()) {
            pod.getMetadata().getLabels().put(LABEL_UDP_BACKENDS, encodeBackends(udpBackendPorts));
        }
        pod.getMetadata().getLabels().put(LABEL_POD, podName);
        return pod;
    }

    static String yaml(Pod pod) {
        return KubeSerializer.toYaml(List.of(pod));
    }

    /** {@code 8080-41234.9000-41235}: a label value (no {@code =} or {@code ,} allowed there). */
    static String encodeBackends(Map<Integer, Integer> backendPorts) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(backendPorts).forEach((container, host) -> {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(container).append('-').append(host);
        });
        return out.toString();
    }

    static Map<Integer, Integer> decodeBackends(String label) {
        Map<Integer, Integer> ports = new TreeMap<>();
        if (label == null || label.isBlank()) {
            return ports;
        }
        for (String pair : label.split("\\.")) {
            String[] parts = pair.split("-");
            if (parts.length == 2) {
                ports.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        return ports;
    }

    /**
     * The container's variables as literal values, in order: references to the rendered
     * ConfigMaps and Secrets replaced by their values, overrides applied (a new name goes first so
     * later values can expand it), then {@code $(VAR)} expanded from earlier variables.
     */
    static List<EnvVar> flatten(String service, List<EnvVar> env, Map<String, ConfigMap> configMaps,
            Map<String, Secret> secrets, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        overrides.forEach((name, value) -> {
            if (env.stream().noneMatch(v -> v.getName().equals(name))) {
                raw.put(name, value);
            }
        });
        for (EnvVar var : env) {
            String value = overrides.containsKey(var.getName()) ? overrides.get(var.getName())
                    : literal(service, var, configMaps, secrets);
            raw.put(var.getName(), value);
        }
        Map<String, String> expanded = new LinkedHashMap<>();
        raw.forEach((name, value) -> expanded.put(name, expand(value, expanded)));
        return expanded.entrySet().stream()
                .map(e -> new EnvVarBuilder().withName(e.getKey()).withValue(e.getValue()).build())
                .toList();
    }

    /** Kubernetes semantics: {@code $(NAME)} of an earlier variable is replaced, anything else is kept as written. */
    static String expand(String value, Map<String, String> earlier) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = earlier.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String literal(String service, EnvVar var, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
        EnvVarSource from = var.getValueFrom();
        if (from == null) {
            return var.getValue() == null ? "" : var.getValue();
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMap cm = configMaps.get(from.getConfigMapKeyRef().getName());
            String value = cm == null || cm.getData() == null ? null : cm.getData().get(from.getConfigMapKeyRef().getKey());
            if (value != null) {
                return value;
            }
        } else if (from.getSecretKeyRef() != null) {
            Secret secret = secrets.get(from.getSecretKeyRef().getName());
            String key = from.getSecretKeyRef().getKey();
            if (secret != null && secret.getData() != null && secret.getData().get(key) != null) {
                return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            }
            if (secret != null && secret.getStringData() != null && secret.getStringData().get(key) != null) {
                return secret.getStringData().get(key);
            }
        }
        throw new LocalException("services." + service + ".env_vars." + var.getName()
                + ": expected a value the local target can resolve, got a reference to something the cluster "
                + "would provide (hint: pass the value in LocalDeployment.withEnv, as the host's database drivers do)");
    }

    private static List<Volume> volumes(Service service, String namespace, List<Volume> volumes, Path logRoot) {
        List<Volume> out = new ArrayList<>();
        for (Volume volume : volumes) {
            Volume copy = new VolumeBuilder(volume).build();
            if ("logs".equals(copy.getName()) && copy.getHostPath() != null) {
                copy.getHostPath().setPath(logRoot.resolve(namespace).resolve(service.name()).toString());
            } else if (copy.getPersistentVolumeClaim() != null) {
                copy.getPersistentVolumeClaim().setClaimName(
                        Names.label(namespace + "-" + copy.getPersistentVolumeClaim().getClaimName()));
            } else if (copy.getConfigMap() != null || copy.getSecret() != null) {
                throw new LocalException("services." + service.name() + ".volumes: the local target does not mount "
                        + "config_store/secret volumes yet, got volume " + copy.getName()
                        + " (hint: use env_vars, a host_path, or deploy to a Kubernetes cluster)");
            }
            out.add(copy);
        }
        return out;
    }

    private static List<PublishedPort> published(LocalDeployment deployment, Service service) {
        List<PublishedPort> ports = new ArrayList<>();
        for (PortMapping mapping : service.ports()) {
            publish(deployment, service, mapping.container(), mapping.http(), "http", ports);
            publish(deployment, service, mapping.container(), mapping.tcp(), "tcp", ports);
            publish(deployment, service, mapping.container(), mapping.udp(), "udp", ports);
            if (mapping.https() != null) {
                // The loopback upstream's port is chosen when the deploy opens it: 0 here keeps the revision stable.
                ports.add(new PublishedPort(service.name(), mapping.container(), mapping.https(), 0, "https"));
            }
        }
        return List.copyOf(ports);
    }

    private static void publish(LocalDeployment deployment, Service service, int container, Integer declared,
            String protocol, List<PublishedPort> ports) {
        if (declared != null) {
            int host = deployment.hostPorts().getOrDefault(LocalDeployment.portKey(service.name(), declared), declared);
            ports.add(new PublishedPort(service.name(), container, declared, host, protocol));
        }
    }

    static boolean isUdp(ContainerPort port) {
        return "UDP".equals(port.getProtocol());
    }

    private static String revision(Pod pod, List<PublishedPort> published) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(yaml(pod).getBytes(StandardCharsets.UTF_8));
            sha.update(published.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
