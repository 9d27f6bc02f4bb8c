package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.bind.Binder;
import io.maestro.model.service.CommandLine;
import io.maestro.model.service.Constraints;
import io.maestro.model.service.Constraints.ResourceList;
import io.maestro.model.service.Health;
import io.maestro.model.service.IntOrPercent;
import io.maestro.model.service.Service;
import io.maestro.model.service.Tag;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import java.util.List;
import java.util.Map;

/**
 * Semantic rules of {@code service.yml}, run once every value has the right type: names the
 * cluster will accept, ports that do not collide, resources and counts that make sense, paths and
 * host names that cannot inject into generated configurations. Every finding is reported at the
 * position its value was read from.
 */
public final class ServiceRules {

    private ServiceRules() {}

    public static void check(AppDefinition definition, Diagnostics diagnostics) {
        Reporter report = new Reporter(definition, diagnostics);
        PortRules ports = new PortRules(report);
        PathRules paths = new PathRules(report);
        for (Service service : definition.services().services().values()) {
            String path = KeyPaths.child("services", service.name());
            name(service, path, report);
            source(service, path, report);
            command(service, path, report);
            ports.check(service, path);
            paths.check(service, path);
            probePorts(service, path, report);
            trafficMatches(service, path, report);
            resources(service.constraints(), KeyPaths.child(path, "constraints"), report);
            counts(service.constraints(), KeyPaths.child(path, "constraints"), report);
            rollout(service, KeyPaths.child(path, "constraints"), report);
            labels(service, path, report);
            envVarNames(service, path, report);
            serviceAccount(service, path, report);
        }
        RenderedNameRules.check(definition, report);
    }

    private static void name(Service service, String path, Reporter report) {
        String hint = "for example '" + KubernetesNames.suggestDns1035Label(service.name()) + "'";
        if (!KubernetesNames.isDns1123Label(service.name())) {
            report.error(path, "expected a service name that is " + KubernetesNames.DNS_LABEL_RULE + ", got '"
                    + service.name() + "'", hint);
        } else if (!KubernetesNames.isDns1035Label(service.name())) {
            // The name is fine for a Deployment but not for the Kubernetes Service that carries it.
            report.error(path, "expected a service name starting with a letter (Kubernetes Service names are "
                    + "DNS-1035 labels), got '" + service.name() + "'", hint);
        }
    }

    /** {@code command} becomes the container's argv, so it must split (quotes closed, no final backslash). */
    private static void command(Service service, String path, Reporter report) {
        if (service.command() != null) {
            CommandLine.problem(service.command()).ifPresent(problem -> report.error(KeyPaths.child(path, "command"),
                    problem + ", got " + Binder.quote(service.command()),
                    "quotes group words as in a shell: close each quote, or escape a literal quote with a backslash"));
        }
    }

    private static void source(Service service, String path, Reporter report) {
        boolean fromGit = service.build() != null && service.build().fromGit();
        if (service.image() == null && !fromGit) {
            report.error(path, "expected 'image' (a pre-built image) or 'git_url' (a repository to build), got neither",
                    "for example image: nginx:1.27");
        }
    }

    /** Probes that connect to a port need one: their own or the service's first container port. */
    private static void probePorts(Service service, String path, Reporter report) {
        if (!service.ports().isEmpty()) {
            return;
        }
        String healthPath = KeyPaths.child(path, "health");
        if (service.health() instanceof Health.Defaults) {
            report.error(healthPath, "health: default probes the first container port, but the service has no ports",
                    "add ports, or describe the probes with an explicit port");
        } else if (service.health() instanceof Health.Probes probes) {
            probePort(probes.ready(), KeyPaths.child(healthPath, "ready"), report);
            probePort(probes.alive(), KeyPaths.child(healthPath, "alive"), report);
            probePort(probes.startup(), KeyPaths.child(healthPath, "startup"), report);
        }
    }

    private static void probePort(Health.Probe probe, String path, Reporter report) {
        if (probe != null && probe.type() != Health.ProbeType.EXEC && probe.port() == null) {
            report.error(path, "a " + probe.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " probe needs a port, but the service has no ports", "add ports, or set the probe's port");
        }
    }

    private static void trafficMatches(Service service, String path, Reporter report) {
        List<String> hosts = service.trafficMatches();
        String listPath = KeyPaths.child(path, "traffic_matches");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (!SafeText.isHostPattern(host)) {
                report.error(hosts.size() == 1 ? listPath : KeyPaths.index(listPath, i),
                        "expected a lowercase host name, a wildcard such as *.example.com, or _ (catch-all), got '"
                                + host + "'",
                        "host names go into generated load balancer configurations, so nothing else is allowed");
            }
        }
        if (!hosts.isEmpty() && service.ports().stream().noneMatch(p -> p.isWeb())) {
            report.warning(listPath, "has no effect: the service has no http or https port",
                    "add an http or https mapping to ports");
        }
    }

    private static void resources(Constraints constraints, String path, Reporter report) {
        ResourceList requests = constraints.resources().requests();
        ResourceList limits = constraints.resources().limits();
        String base = KeyPaths.child(path, "resources");
        if (requests.cpu() != null && limits.cpu() != null && requests.cpu().compareTo(limits.cpu()) > 0) {
            report.error(KeyPaths.child(KeyPaths.child(base, "requests"), "cpu"), "request " + requests.cpu()
                    + " is above the limit " + limits.cpu(), "requests must be at most limits");
        }
        if (requests.memory() != null && limits.memory() != null && requests.memory().compareTo(limits.memory()) > 0) {
            report.error(KeyPaths.child(KeyPaths.child(base, "requests"), "memory"), "request " + requests.memory()
                    + " is above the limit " + limits.memory(), "requests must be at most limits");
        }
    }

    private static void counts(Constraints constraints, String path, Reporter report) {
        if (constraints.minCount() != null && constraints.maxCount() != null
                && constraints.minCount() > constraints.maxCount()) {
            report.error(KeyPaths.child(path, "min_count"), "min_count " + constraints.minCount()
                    + " is above max_count " + constraints.maxCount());
        } else if (Integer.valueOf(0).equals(constraints.minCount()) && constraints.maxCount() != null
                && constraints.maxCount() > 0) {
            report.warning(KeyPaths.child(path, "min_count"), "0 is treated as 1: between min_count and max_count "
                    + "a Kubernetes autoscaler scales the service, and it cannot scale to zero",
                    "set min_count: 1; without max_count, min_count: 0 stops the service");
        }
    }

    private static void rollout(Service service, String path, Reporter report) {
        Constraints constraints = service.constraints();
        if (isZero(constraints.maxSurge()) && isZero(constraints.maxUnavailable())) {
            report.error(KeyPaths.child(path, "max_surge"), "max_surge and max_unavailable cannot both be 0",
                    "a rollout could then neither add nor remove a pod");
        } else if (service.type().isDaemonSet()) {
            daemonSetRollout(constraints, path, report);
        }
    }

    /**
     * A DaemonSet rolls out either by surging or by taking pods down, never both; Kubernetes
     * defaults max_unavailable to 1 and max_surge to 0.
     */
    private static void daemonSetRollout(Constraints constraints, String path, Reporter report) {
        boolean surge = constraints.maxSurge() != null && !isZero(constraints.maxSurge());
        boolean unavailable = constraints.maxUnavailable() == null || !isZero(constraints.maxUnavailable());
        if (surge && unavailable) {
            report.error(KeyPaths.child(path, "max_surge"), "expected max_surge only with max_unavailable: 0 on a "
                            + "daemon_set (Kubernetes replaces its pods either by surging or by taking them down, not "
                            + "both), got max_surge " + constraints.maxSurge() + " with max_unavailable "
                            + (constraints.maxUnavailable() == null ? "1 (the default)" : constraints.maxUnavailable()),
                    "add max_unavailable: 0, or drop max_surge");
        } else if (!surge && !unavailable) {
            report.error(KeyPaths.child(path, "max_unavailable"), "expected max_surge above 0 with max_unavailable: 0 "
                    + "on a daemon_set, got no max_surge", "a rollout could then neither add nor remove a pod");
        }
    }

    private static boolean isZero(IntOrPercent value) {
        return value != null && value.value() == 0;
    }

    private static void labels(Service service, String path, Reporter report) {
        List<Tag> tags = service.tags();
        for (int i = 0; i < tags.size(); i++) {
            label(tags.get(i).key(), tags.get(i).value(), KeyPaths.index(KeyPaths.child(path, "tags"), i), report);
        }
        String annotationsPath = KeyPaths.child(path, "annotations");
        for (String key : service.annotations().keySet()) {
            if (!KubernetesNames.isQualifiedName(key)) {
                report.error(KeyPaths.child(annotationsPath, key), "expected an annotation key such as "
                        + "example.com/owner (an optional DNS prefix and '/', then at most 63 letters, digits, '-', "
                        + "'_' or '.'), got '" + key + "'");
            }
        }
        Map<String, String> serverTags = service.constraints().servers().tags();
        String serverTagsPath = KeyPaths.child(KeyPaths.child(KeyPaths.child(path, "constraints"), "servers"), "tags");
        int i = 0;
        for (Map.Entry<String, String> tag : serverTags.entrySet()) {
            label(tag.getKey(), tag.getValue(), KeyPaths.index(serverTagsPath, i++), report);
        }
    }

    private static void label(String key, String value, String path, Reporter report) {
        if (!KubernetesNames.isQualifiedName(key)) {
            report.error(path, "expected a label key such as tier or example.com/tier (an optional DNS prefix and '/', "
                    + "then at most 63 letters, digits, '-', '_' or '.'), got '" + key + "'");
        } else if (!KubernetesNames.isLabelValue(value)) {
            report.error(path, "expected a label value of at most 63 letters, digits, '-', '_' or '.' starting and "
                    + "ending with a letter or digit, got '" + value + "'");
        }
    }

    private static void envVarNames(Service service, String path, Reporter report) {
        String envPath = KeyPaths.child(path, "env_vars");
        for (String name : service.envVars().keySet()) {
            if (!KubernetesNames.isEnvVarName(name)) {
                report.error(KeyPaths.child(envPath, name), "expected a variable name of letters, digits, '_', '-' "
                        + "or '.' not starting with a digit, got '" + name + "'");
            }
        }
    }

    private static void serviceAccount(Service service, String path, Reporter report) {
        String name = service.serviceAccountName();
        if (name != null && !KubernetesNames.isDns1123Subdomain(name)) {
            report.error(KeyPaths.child(path, "service_account_name"), "expected a ServiceAccount name (lowercase "
                    + "letters, digits, '-' and '.', at most 253 characters), got '" + name + "'");
        }
    }
}
