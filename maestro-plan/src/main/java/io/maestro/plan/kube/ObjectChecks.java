package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.maestro.model.bind.Binder;
import io.maestro.model.validate.KubernetesNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a Kubernetes API server makes that fabric8's model classes do not, so that a
 * rendered object set is known to be acceptable before anything is sent to a cluster.
 *
 * <p>Per object: {@code metadata.name} syntax and length for its kind (Namespace: DNS-1123 label;
 * Service: DNS-1035 label; others: DNS-1123 subdomain), namespace syntax, label keys and values,
 * annotation keys, ConfigMap/Secret keys. Workloads: the selector is non-empty and matches the pod
 * template's labels; container names; container port names (IANA service names, unique) and
 * numbers (unique per protocol); env var names; mounts name existing volumes, at distinct mount paths; liveness
 * and startup probes have {@code successThreshold} 1; a DaemonSet's rolling update sets exactly
 * one of maxSurge and maxUnavailable to a non-zero value. HorizontalPodAutoscalers: at least 1
 * replica, maxReplicas not below minReplicas. Services: port names, numbers, node ports. Ingress hosts.
 * EndpointSlices carry {@code kubernetes.io/service-name} and addresses of their type.
 *
 * <p>Across objects: no two objects share kind, namespace and name; a Service selector, a
 * PodDisruptionBudget selector and an HPA target each find their workload; an Ingress backend
 * names an existing Service port.
 *
 * <p>Each problem reads {@code KIND NAMESPACE/NAME: FIELD PATH: expected ..., got '...'}.
 */
public final class ObjectChecks {

    private ObjectChecks() {}

    /** Every problem found, in object order; empty when the API server would accept them all. */
    public static List<String> check(List<HasMetadata> objects) {
        Checker checker = new Checker(objects);
        objects.forEach(checker::check);
        checker.crossChecks();
        return List.copyOf(checker.problems);
    }

    /** ConfigMap and Secret keys. */
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** Ingress rule hosts: a DNS-1123 subdomain, optionally behind one leading {@code *.} wildcard label. */
    private static final Pattern WILDCARD_HOST =
            Pattern.compile("(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final class Checker {
        private final List<HasMetadata> objects;
        private final List<String> problems = new ArrayList<>();
        private Map<String, List<Map<String, String>>> templatesByLabel;
        // The same few label keys and values recur on every object: check each text once.
        private final Set<String> validKeys = new HashSet<>();
        private final Set<String> validValues = new HashSet<>();
        private String id;

        Checker(List<HasMetadata> objects) {
            this.objects = objects;
        }

        private void problem(String path, String expected, Object got) {
            problems.add(id + ": " + path + ": expected " + expected + ", got "
                    + (got == null ? "none" : Binder.quote(String.valueOf(got))));
        }

        void check(HasMetadata object) {
            id = idOf(object);
            checkMetadata(object);
            switch (object) {
                case Deployment d when d.getSpec() != null ->
                        checkWorkload(d.getSpec().getSelector(), d.getSpec().getTemplate());
                case DaemonSet d when d.getSpec() != null -> {
                    checkWorkload(d.getSpec().getSelector(), d.getSpec().getTemplate());
                    checkDaemonSetRollout(d);
                }
                case HorizontalPodAutoscaler h when h.getSpec() != null -> checkAutoscaler(h);
                case Service s when s.getSpec() != null -> checkService(s);
                case ConfigMap c -> {
                    checkKeys("data", c.getData());
                    checkKeys("binaryData", c.getBinaryData());
                }
                case Secret s -> {
                    checkKeys("data", s.getData());
                    checkKeys("stringData", s.getStringData());
                }
                case Ingress i when i.getSpec() != null -> checkIngress(i);
                case EndpointSlice e -> checkEndpointSlice(e);
                default -> { }
            }
        }

        private static String idOf(HasMetadata object) {
            ObjectMeta meta = object.getMetadata();
            String name = meta == null ? null : meta.getName();
            String namespace = meta == null ? null : meta.getNamespace();
            return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + (name == null ? "<unnamed>" : name);
        }

        private void checkMetadata(HasMetadata object) {
            ObjectMeta meta = object.getMetadata();
            if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
                problem("metadata.name", "a name", null);
                return;
            }
            String name = meta.getName();
            switch (object.getKind()) {
                case "Namespace" -> {
                    if (!KubernetesNames.isDns1123Label(name)) {
                        problem("metadata.name", "a DNS-1123 label (lowercase letters, digits and '-', "
                                + "alphanumeric at both ends, at most 63 characters)", name);
                    }
                }
                case "Service" -> {
                    if (!KubernetesNames.isDns1035Label(name)) {
                        problem("metadata.name", "a DNS-1035 label (lowercase letters, digits and '-', "
                                + "starting with a letter, at most 63 characters)", name);
                    }
                }
                default -> {
                    if (!KubernetesNames.isDns1123Subdomain(name)) {
                        problem("metadata.name", "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', "
                                + "at most 253 characters)", name);
                    }
                }
            }
            if (!"Namespace".equals(object.getKind()) && meta.getNamespace() != null
                    && !KubernetesNames.isDns1123Label(meta.getNamespace())) {
                problem("metadata.namespace", "a DNS-1123 label", meta.getNamespace());
            }
            checkLabels("metadata.labels", meta.getLabels());
            checkAnnotations("metadata.annotations", meta.getAnnotations());
        }

        private void checkLabels(String path, Map<String, String> labels) {
            if (labels == null) {
                return;
            }
            labels.forEach((key, value) -> {
                if (!validKey(key)) {
                    problem(path, "a label key ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-] "
                            + "with alphanumeric ends)", key);
                }
                if (!validValues.contains(value) && !validValue(value)) {
                    problem(path + "." + key, "a label value (at most 63 characters of [A-Za-z0-9_.-] "
                            + "with alphanumeric ends, or empty)", value);
                }
            });
        }

        private boolean validKey(String key) {
            if (validKeys.contains(key)) {
                return true;
            }
            boolean valid = KubernetesNames.isQualifiedName(key);
            if (valid) {
                validKeys.add(key);
            }
            return valid;
        }

        private boolean validValue(String value) {
            boolean valid = KubernetesNames.isLabelValue(value);
            if (valid) {
                validValues.add(value);
            }
            return valid;
        }

        private void checkAnnotations(String path, Map<String, String> annotations) {
            if (annotations == null) {
                return;
            }
            annotations.keySet().forEach(key -> {
                if (!validKey(key)) {
                    problem(path, "an annotation key ([prefix/]name)", key);
                }
            });
        }

        private void checkKeys(String path, Map<String, String> data) {
            if (data == null) {
                return;
            }
            data.keySet().forEach(key -> {
                if (key.length() > KubernetesNames.MAX_SUBDOMAIN_LENGTH || !CONFIG_KEY.matcher(key).matches()
                        || key.equals(".") || key.equals("..")) {
                    problem(path, "a key of letters, digits, '-', '_' and '.' (at most 253 characters)", key);
                }
            });
        }

        private void checkWorkload(LabelSelector selector, PodTemplateSpec template) {
            Map<String, String> templateLabels = template == null || template.getMetadata() == null
                    ? Map.of() : Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
            checkLabels("spec.template.metadata.labels", templateLabels);
            Map<String, String> matchLabels = selector == null ? Map.of()
                    : Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
            boolean hasExpressions = selector != null && selector.getMatchExpressions() != null
                    && !selector.getMatchExpressions().isEmpty();
            if (matchLabels.isEmpty() && !hasExpressions) {
                problem("spec.selector", "a non-empty selector", "{}");
            }
            checkLabels("spec.selector.matchLabels", matchLabels);
            matchLabels.forEach((key, value) -> {
                if (!value.equals(templateLabels.get(key))) {
                    problem("spec.selector.matchLabels." + key,
                            "the pod template's label " + key + "=" + value, templateLabels.get(key));
                }
            });
            if (template == null || template.getSpec() == null) {
                problem("spec.template.spec", "a pod spec", null);
                return;
            }
            checkPod(template.getSpec());
        }

        private void checkPod(PodSpec pod) {
            String base = "spec.template.spec";
            Set<String> volumes = new HashSet<>();
            List<Volume> podVolumes = Objects.requireNonNullElse(pod.getVolumes(), List.of());
            for (int i = 0; i < podVolumes.size(); i++) {
                String name = podVolumes.get(i).getName();
                if (!KubernetesNames.isDns1123Label(name)) {
                    problem(base + ".volumes[" + i + "].name", "a DNS-1123 label", name);
                }
                if (!volumes.add(name)) {
                    problem(base + ".volumes[" + i + "].name", "a name unique among the pod's volumes", name);
                }
            }
            List<Container> containers = Objects.requireNonNullElse(pod.getContainers(), List.of());
            if (containers.isEmpty()) {
                problem(base + ".containers", "at least one container", "[]");
            }
            Set<String> containerNames = new HashSet<>();
            for (int c = 0; c < containers.size(); c++) {
                Container container = containers.get(c);
                String path = base + ".containers[" + c + "]";
                if (!KubernetesNames.isDns1123Label(container.getName())) {
                    problem(path + ".name", "a DNS-1123 label", container.getName());
                } else if (!containerNames.add(container.getName())) {
                    problem(path + ".name", "a name unique among the pod's containers", container.getName());
                }
                if (container.getImage() == null || container.getImage().isBlank()) {
                    problem(path + ".image", "an image reference", container.getImage());
                }
                checkContainerPorts(path, Objects.requireNonNullElse(container.getPorts(), List.of()));
                List<EnvVar> env = Objects.requireNonNullElse(container.getEnv(), List.of());
                for (int e = 0; e < env.size(); e++) {
                    if (env.get(e).getName() == null || !KubernetesNames.isEnvVarName(env.get(e).getName())) {
                        problem(path + ".env[" + e + "].name", "a variable name of letters, digits, '_', '-' and '.' "
                                + "not starting with a digit", env.get(e).getName());
                    }
                }
                List<VolumeMount> mounts = Objects.requireNonNullElse(container.getVolumeMounts(), List.of());
                Set<String> mountPaths = new HashSet<>();
                for (int m = 0; m < mounts.size(); m++) {
                    if (!volumes.contains(mounts.get(m).getName())) {
                        problem(path + ".volumeMounts[" + m + "].name", "the name of one of the pod's volumes",
                                mounts.get(m).getName());
                    }
                    if (!mountPaths.add(mounts.get(m).getMountPath())) {
                        problem(path + ".volumeMounts[" + m + "].mountPath", "a mount path unique in the container",
                                mounts.get(m).getMountPath());
                    }
                }
                checkProbe(path + ".livenessProbe", container.getLivenessProbe(), true);
                checkProbe(path + ".readinessProbe", container.getReadinessProbe(), false);
                checkProbe(path + ".startupProbe", container.getStartupProbe(), true);
            }
        }

        /**
         * A DaemonSet rolls out either by surging or by taking pods down, never both and never
         * neither; unset fields count with the API server's defaults (maxUnavailable 1, maxSurge 0).
         */
        private void checkDaemonSetRollout(DaemonSet daemonSet) {
            var strategy = daemonSet.getSpec().getUpdateStrategy();
            if (strategy == null || strategy.getRollingUpdate() == null) {
                return;
            }
            boolean surge = nonZero(strategy.getRollingUpdate().getMaxSurge(), false);
            boolean unavailable = nonZero(strategy.getRollingUpdate().getMaxUnavailable(), true);
            if (surge && unavailable) {
                problem("spec.updateStrategy.rollingUpdate.maxSurge", "no surge when maxUnavailable is not 0",
                        strategy.getRollingUpdate().getMaxSurge().getValue());
            } else if (!surge && !unavailable) {
                problem("spec.updateStrategy.rollingUpdate.maxUnavailable", "not 0 when maxSurge is 0",
                        String.valueOf(strategy.getRollingUpdate().getMaxUnavailable() == null ? 0
                                : strategy.getRollingUpdate().getMaxUnavailable().getValue()));
            }
        }

        private static boolean nonZero(IntOrString value, boolean whenUnset) {
            if (value == null) {
                return whenUnset;
            }
            Object raw = value.getValue();
            return !(raw instanceof Integer i ? i == 0 : String.valueOf(raw).equals("0%"));
        }

        private void checkAutoscaler(HorizontalPodAutoscaler autoscaler) {
            Integer min = autoscaler.getSpec().getMinReplicas();
            Integer max = autoscaler.getSpec().getMaxReplicas();
            if (min != null && min < 1) {
                problem("spec.minReplicas", "at least 1", min);
            }
            if (max == null || max < Math.max(1, min == null ? 1 : min)) {
                problem("spec.maxReplicas", "at least minReplicas and 1", max);
            }
        }

        private void checkContainerPorts(String path, List<ContainerPort> ports) {
            Set<String> names = new HashSet<>();
            Set<String> numbers = new HashSet<>();
            for (int p = 0; p < ports.size(); p++) {
                ContainerPort port = ports.get(p);
                String portPath = path + ".ports[" + p + "]";
                if (port.getName() != null) {
                    if (!KubernetesNames.isPortName(port.getName())) {
                        problem(portPath + ".name", "an IANA service name (at most 15 lowercase letters, digits "
                                + "and '-', with a letter, no '--', alphanumeric ends)", port.getName());
                    }
                    if (!names.add(port.getName())) {
                        problem(portPath + ".name", "a port name unique in the container", port.getName());
                    }
                }
                Integer number = port.getContainerPort();
                if (number == null || number < 1 || number > 65535) {
                    problem(portPath + ".containerPort", "a port number between 1 and 65535", number);
                }
                String protocol = Objects.requireNonNullElse(port.getProtocol(), "TCP");
                if (!numbers.add(number + "/" + protocol)) {
                    problem(portPath + ".containerPort", "a port unique in the container for " + protocol, number);
                }
            }
        }

        private void checkProbe(String path, Probe probe, boolean mustSucceedOnce) {
            if (probe == null) {
                return;
            }
            int handlers = (probe.getHttpGet() != null ? 1 : 0) + (probe.getTcpSocket() != null ? 1 : 0)
                    + (probe.getExec() != null ? 1 : 0) + (probe.getGrpc() != null ? 1 : 0);
            if (handlers != 1) {
                problem(path, "exactly one of httpGet, tcpSocket, exec, grpc", handlers + " handlers");
            }
            if (mustSucceedOnce && probe.getSuccessThreshold() != null && probe.getSuccessThreshold() != 1) {
                problem(path + ".successThreshold", "1 (liveness and startup probes)", probe.getSuccessThreshold());
            }
        }

        private void checkService(Service service) {
            String type = Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP");
            List<ServicePort> ports = Objects.requireNonNullElse(service.getSpec().getPorts(), List.of());
            if ("ExternalName".equals(type)) {
                if (!KubernetesNames.isDns1123Subdomain(service.getSpec().getExternalName())) {
                    problem("spec.externalName", "a DNS-1123 subdomain", service.getSpec().getExternalName());
                }
            } else if (ports.isEmpty()) {
                problem("spec.ports", "at least one port", "[]");
            }
            Set<String> names = new HashSet<>();
            Set<String> numbers = new HashSet<>();
            for (int p = 0; p < ports.size(); p++) {
                ServicePort port = ports.get(p);
                String path = "spec.ports[" + p + "]";
                if (port.getName() == null || port.getName().isEmpty()) {
                    if (ports.size() > 1) {
                        problem(path + ".name", "a name (required when a Service has several ports)", null);
                    }
                } else if (!KubernetesNames.isDns1123Label(port.getName())) {
                    problem(path + ".name", "a DNS-1123 label", port.getName());
                } else if (!names.add(port.getName())) {
                    problem(path + ".name", "a port name unique in the Service", port.getName());
                }
                Integer number = port.getPort();
                if (number == null || number < 1 || number > 65535) {
                    problem(path + ".port", "a port number between 1 and 65535", number);
                }
                String protocol = Objects.requireNonNullElse(port.getProtocol(), "TCP");
                if (!numbers.add(number + "/" + protocol)) {
                    problem(path + ".port", "a port unique in the Service for " + protocol, number);
                }
                if (port.getNodePort() != null && (port.getNodePort() < ServiceRenderer.NODE_PORT_MIN
                        || port.getNodePort() > ServiceRenderer.NODE_PORT_MAX)) {
                    problem(path + ".nodePort", "a node port between 30000 and 32767", port.getNodePort());
                }
                if (port.getNodePort() != null && "ClusterIP".equals(type)) {
                    problem(path + ".nodePort", "no node port on a ClusterIP Service", port.getNodePort());
                }
            }
        }

        private void checkIngress(Ingress ingress) {
            List<IngressRule> rules = Objects.requireNonNullElse(ingress.getSpec().getRules(), List.of());
            for (int r = 0; r < rules.size(); r++) {
                String host = rules.get(r).getHost();
                if (host != null && !isHost(host)) {
                    problem("spec.rules[" + r + "].host", "a host name, optionally starting with '*.'", host);
                }
            }
            List<IngressTLS> tls = Objects.requireNonNullElse(ingress.getSpec().getTls(), List.of());
            for (int t = 0; t < tls.size(); t++) {
                for (String host : Objects.requireNonNullElse(tls.get(t).getHosts(), List.<String>of())) {
                    if (!isHost(host)) {
                        problem("spec.tls[" + t + "].hosts", "a host name, optionally starting with '*.'", host);
                    }
                }
            }
        }

        private static boolean isHost(String host) {
            return host.length() <= KubernetesNames.MAX_SUBDOMAIN_LENGTH && WILDCARD_HOST.matcher(host).matches();
        }

        private void checkEndpointSlice(EndpointSlice slice) {
            Map<String, String> labels = slice.getMetadata() == null || slice.getMetadata().getLabels() == null
                    ? Map.of() : slice.getMetadata().getLabels();
            if (!labels.containsKey(DataStoreRenderer.SERVICE_NAME_LABEL)) {
                problem("metadata.labels", "the label " + DataStoreRenderer.SERVICE_NAME_LABEL, null);
            }
            String type = slice.getAddressType();
            if (!List.of("IPv4", "IPv6", "FQDN").contains(Objects.requireNonNullElse(type, ""))) {
                problem("addressType", "IPv4, IPv6 or FQDN", type);
                return;
            }
            var endpoints = Objects.requireNonNullElse(slice.getEndpoints(),
                    List.<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint>of());
            for (int e = 0; e < endpoints.size(); e++) {
                for (String address : Objects.requireNonNullElse(endpoints.get(e).getAddresses(), List.<String>of())) {
                    if (!DataStoreRenderer.addressType(address).equals(type)) {
                        problem("endpoints[" + e + "].addresses", "an " + type + " address", address);
                    }
                }
            }
        }

        void crossChecks() {
            Map<String, HasMetadata> byKey = new HashMap<>();
            for (HasMetadata object : objects) {
                id = idOf(object);
                String key = object.getKind() + "/" + namespaceOf(object) + "/" + nameOf(object);
                if (byKey.putIfAbsent(key, object) != null) {
                    problem("metadata.name", "a name unique for its kind in the namespace", nameOf(object));
                }
            }
            for (HasMetadata object : objects) {
                id = idOf(object);
                switch (object) {
                    case Service s when s.getSpec() != null && s.getSpec().getSelector() != null
                            && !s.getSpec().getSelector().isEmpty() -> {
                        if (!anyWorkloadMatches(namespaceOf(s), s.getSpec().getSelector())) {
                            problem("spec.selector", "labels of some workload's pod template", s.getSpec().getSelector());
                        }
                    }
                    case PodDisruptionBudget b when b.getSpec() != null && b.getSpec().getSelector() != null -> {
                        Map<String, String> match = Objects.requireNonNullElse(
                                b.getSpec().getSelector().getMatchLabels(), Map.of());
                        if (!anyWorkloadMatches(namespaceOf(b), match)) {
                            problem("spec.selector", "labels of some workload's pod template", match);
                        }
                    }
                    case HorizontalPodAutoscaler h when h.getSpec() != null && h.getSpec().getScaleTargetRef() != null -> {
                        String target = h.getSpec().getScaleTargetRef().getKind() + "/" + namespaceOf(h) + "/"
                                + h.getSpec().getScaleTargetRef().getName();
                        if (!byKey.containsKey(target)) {
                            problem("spec.scaleTargetRef", "a rendered workload", target);
                        }
                    }
                    case Ingress i when i.getSpec() != null -> checkBackends(i, byKey);
                    default -> { }
                }
            }
        }

        private void checkBackends(Ingress ingress, Map<String, HasMetadata> byKey) {
            List<IngressRule> rules = Objects.requireNonNullElse(ingress.getSpec().getRules(), List.of());
            for (int r = 0; r < rules.size(); r++) {
                if (rules.get(r).getHttp() == null) {
                    continue;
                }
                List<HTTPIngressPath> paths = rules.get(r).getHttp().getPaths();
                for (int p = 0; p < paths.size(); p++) {
                    var backend = paths.get(p).getBackend() == null ? null : paths.get(p).getBackend().getService();
                    if (backend == null) {
                        continue;
                    }
                    String path = "spec.rules[" + r + "].http.paths[" + p + "].backend.service";
                    HasMetadata target = byKey.get("Service/" + namespaceOf(ingress) + "/" + backend.getName());
                    if (!(target instanceof Service service)) {
                        problem(path + ".name", "a rendered Service", backend.getName());
                    } else if (backend.getPort() != null && backend.getPort().getNumber() != null
                            && service.getSpec().getPorts().stream()
                                    .noneMatch(sp -> backend.getPort().getNumber().equals(sp.getPort()))) {
                        problem(path + ".port.number", "a port of Service " + backend.getName(),
                                backend.getPort().getNumber());
                    }
                }
            }
        }

        /**
         * Whether some workload's pod template carries every label of {@code selector}. Templates
         * are indexed by label pair, and only the smallest bucket a selector names is scanned, so
         * checking n Services against n workloads stays close to linear.
         */
        private boolean anyWorkloadMatches(String namespace, Map<String, String> selector) {
            if (templatesByLabel == null) {
                templatesByLabel = indexTemplates();
            }
            List<Map<String, String>> candidates = null;
            for (Map.Entry<String, String> entry : selector.entrySet()) {
                List<Map<String, String>> bucket = templatesByLabel.getOrDefault(
                        namespace + "|" + entry.getKey() + "=" + entry.getValue(), List.of());
                if (candidates == null || bucket.size() < candidates.size()) {
                    candidates = bucket;
                }
            }
            if (candidates == null) {
                return false;
            }
            return candidates.stream().anyMatch(labels ->
                    selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey()))));
        }

        private Map<String, List<Map<String, String>>> indexTemplates() {
            Map<String, List<Map<String, String>>> index = new HashMap<>();
            for (HasMetadata object : objects) {
                PodTemplateSpec template = switch (object) {
                    case Deployment d when d.getSpec() != null -> d.getSpec().getTemplate();
                    case DaemonSet d when d.getSpec() != null -> d.getSpec().getTemplate();
                    default -> null;
                };
                if (template == null || template.getMetadata() == null || template.getMetadata().getLabels() == null) {
                    continue;
                }
                Map<String, String> labels = template.getMetadata().getLabels();
                String namespace = namespaceOf(object);
                labels.forEach((key, value) ->
                        index.computeIfAbsent(namespace + "|" + key + "=" + value, k -> new ArrayList<>()).add(labels));
            }
            return index;
        }

        private static String namespaceOf(HasMetadata object) {
            return object.getMetadata() == null ? "" : Objects.requireNonNullElse(object.getMetadata().getNamespace(), "");
        }

        private static String nameOf(HasMetadata object) {
            return object.getMetadata() == null ? "" : Objects.requireNonNullElse(object.getMetadata().getName(), "");
        }
    }
}
