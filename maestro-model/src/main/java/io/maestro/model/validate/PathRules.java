package io.maestro.model.validate;

import io.maestro.model.service.Health;
import io.maestro.model.service.Service;
import io.maestro.model.service.VolumeMount;
import io.maestro.model.source.KeyPaths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path rules: mount paths and host paths absolute and unique (the log folder is a mount too),
 * {@code sub_path} relative and not
 * combined with {@code sub_path_expr}, and no path or probe endpoint with characters that could
 * inject into a generated configuration.
 */
final class PathRules {

    private static final String INJECTION_HINT =
            "these characters could inject directives into generated nginx or HAProxy configurations";

    private final Reporter report;

    PathRules(Reporter report) {
        this.report = report;
    }

    void check(Service service, String servicePath) {
        absolute(service.workDir(), KeyPaths.child(servicePath, "work_dir"));
        String logFolderPath = KeyPaths.child(servicePath, "log_folder");
        boolean logFolder = service.logFolder() != null && absolute(service.logFolder(), logFolderPath);
        Map<String, String> mountPaths = volumes(service.volumes(), KeyPaths.child(servicePath, "volumes"));
        if (logFolder) {
            // log_folder is mounted too (from the node's log directory), so it needs a path of its own.
            String mount = mountPaths.get(normalised(service.logFolder()));
            if (mount != null) {
                report.error(logFolderPath, "log folder " + service.logFolder() + " is also the mount path of " + mount,
                        "the log folder is mounted from the node; log elsewhere or drop that volume");
            }
        }
        endpoints(service.health(), KeyPaths.child(servicePath, "health"));
    }

    /** Checks the mounts; returns each (normalised) mount path with the volume it belongs to. */
    private Map<String, String> volumes(List<VolumeMount> volumes, String volumesPath) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeMount mount = volumes.get(i);
            String path = KeyPaths.index(volumesPath, i);
            String mountPathKey = KeyPaths.child(path, "mount_path");
            if (absolute(mount.mountPath(), mountPathKey)) {
                String first = seen.putIfAbsent(normalised(mount.mountPath()), path);
                if (first != null) {
                    report.error(mountPathKey, "mount path " + mount.mountPath() + " is used twice; first at " + first,
                            "mount each container path once");
                }
            }
            if (mount.subPath() != null && mount.subPathExpr() != null) {
                report.error(KeyPaths.child(path, "sub_path_expr"), "cannot be combined with sub_path",
                        "keep one of them");
            }
            relative(mount.subPath(), KeyPaths.child(path, "sub_path"));
            relative(mount.subPathExpr(), KeyPaths.child(path, "sub_path_expr"));
            if (mount.source() instanceof VolumeMount.HostPath host) {
                String hostKey = KeyPaths.child(KeyPaths.child(path, "host_path"), "path");
                if (!host.path().startsWith("_env(")) { // resolved at deploy time; checked then
                    absolute(host.path(), hostKey);
                }
            }
        }
        return seen;
    }

    /** Two spellings of one container path ({@code /data/}, {@code //data}) count as the same. */
    private static String normalised(String path) {
        String clean = path.replaceAll("/+$", "").replaceAll("/{2,}", "/");
        return clean.isEmpty() ? "/" : clean;
    }

    private void endpoints(Health health, String healthPath) {
        if (health instanceof Health.Probes probes) {
            endpoint(probes.ready(), KeyPaths.child(KeyPaths.child(healthPath, "ready"), "endpoint"));
            endpoint(probes.alive(), KeyPaths.child(KeyPaths.child(healthPath, "alive"), "endpoint"));
            endpoint(probes.startup(), KeyPaths.child(KeyPaths.child(healthPath, "startup"), "endpoint"));
        }
    }

    private void endpoint(Health.Probe probe, String path) {
        if (probe == null || (probe.type() != Health.ProbeType.HTTP && probe.type() != Health.ProbeType.HTTPS)) {
            return;
        }
        if (!probe.endpoint().startsWith("/")) {
            report.error(path, "expected a URL path starting with '/', got '" + probe.endpoint() + "'",
                    "for example /healthz");
            return;
        }
        safe(probe.endpoint(), path);
    }

    /** Checks an absolute, safe path; returns true when it is one (or absent). */
    private boolean absolute(String value, String path) {
        if (value == null) {
            return true;
        }
        if (!value.startsWith("/")) {
            report.error(path, "expected an absolute path starting with '/', got '" + value + "'");
            return false;
        }
        return safe(value, path);
    }

    private void relative(String value, String path) {
        if (value == null) {
            return;
        }
        if (value.startsWith("/") || List.of(value.split("/")).contains("..")) {
            report.error(path, "expected a relative path inside the volume (no leading '/' and no '..'), got '"
                    + value + "'");
            return;
        }
        if (!path.endsWith("sub_path_expr")) { // $(VAR) is the point of sub_path_expr
            safe(value, path);
        }
    }

    private boolean safe(String value, String path) {
        Optional<Character> bad = SafeText.forbiddenPathCharacter(value);
        if (bad.isPresent()) {
            report.error(path, "expected a path without " + SafeText.FORBIDDEN_IN_PATHS + ", got '" + value
                    + "' containing " + SafeText.describe(bad.get()), INJECTION_HINT);
            return false;
        }
        return true;
    }
}
