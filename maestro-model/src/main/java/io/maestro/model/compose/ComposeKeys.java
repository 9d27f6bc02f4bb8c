package io.maestro.model.compose;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.keys.KeySpec.Since;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The docker-compose keys {@link ComposeConverter} knows, as {@link KeySpec} tables: the binder
 * checks a compose file against them (a misspelt key is an error with a did-you-mean hint, as
 * {@code docker compose} itself rejects unknown keys) and docs/convert-compose.md documents them.
 *
 * <p>Every key is {@code SUPPORTED} in the binder's sense (accepted without a diagnostic); whether
 * it is converted is the converter's business. Keys that have no service.yml equivalent carry their
 * one-line reason here, in {@link #droppedReason(String)}, so the converter's "not converted" lines
 * and the documentation say the same thing. {@code x-*} extension keys are removed before binding.
 */
public final class ComposeKeys {

    private ComposeKeys() {}

    /** Reason used for every runtime tuning knob that service.yml cannot express. */
    static final String ONLY_CPU_AND_MEMORY =
            "only CPU and memory requests and limits map (to constraints.resources)";

    /** Service keys without a service.yml equivalent, and why; in alphabetical order. */
    private static final Map<String, String> DROPPED_SERVICE_KEYS = dropped(
            "attach", "log attachment is a docker compose up option",
            "blkio_config", ONLY_CPU_AND_MEMORY,
            "cap_add", "Linux capabilities cannot be set in service.yml",
            "cap_drop", "Linux capabilities cannot be set in service.yml",
            "cgroup", "cgroups are managed by Kubernetes",
            "cgroup_parent", "cgroups are managed by Kubernetes",
            "configs", "use a config_map volume built from env_vars or ConfigStore",
            "container_name", "Kubernetes names the pods; reach the service by its name",
            "cpu_count", ONLY_CPU_AND_MEMORY,
            "cpu_percent", ONLY_CPU_AND_MEMORY,
            "cpu_period", ONLY_CPU_AND_MEMORY,
            "cpu_quota", ONLY_CPU_AND_MEMORY,
            "cpu_rt_period", ONLY_CPU_AND_MEMORY,
            "cpu_rt_runtime", ONLY_CPU_AND_MEMORY,
            "cpuset", ONLY_CPU_AND_MEMORY,
            "credential_spec", "Windows credential specs do not apply to Kubernetes",
            "depends_on", "V2 has no start order; services reach each other by name",
            "develop", "development watch settings do not apply to deployments",
            "device_cgroup_rules", "host devices cannot be given to containers",
            "devices", "host devices cannot be given to containers",
            "dns", "cluster DNS is configured by Kubernetes",
            "dns_opt", "cluster DNS is configured by Kubernetes",
            "dns_search", "cluster DNS is configured by Kubernetes",
            "domainname", "pod host names are set by Kubernetes",
            "env_file", "env files are not read; add their variables to the application's env vars"
                    + " (maestro env-vars upload) or to environment",
            "extends", "not expanded; copy the shared settings or use a YAML merge key (<<: *anchor)",
            "external_links", "not supported; use the service name as the host name",
            "extra_hosts", "/etc/hosts entries cannot be added; use DNS names",
            "gpus", "GPU reservations are not supported",
            "healthcheck", "compose healthchecks do not map to probes automatically; add health: {ready: ...}",
            "hostname", "pod host names are set by Kubernetes",
            "init", "no init process is injected; add one (such as tini) to the image",
            "ipc", "only 'host' maps (to security_context.host_ipc)",
            "isolation", "Windows isolation modes do not apply to Kubernetes",
            "label_file", "label files are not read; copy the labels into labels",
            "links", "not supported; use the service name as the host name (http://db:5432)",
            "logging", "logs go to the node's container log; use log_folder to mirror a log directory",
            "mac_address", "addresses are assigned by the cluster network",
            "mem_swappiness", ONLY_CPU_AND_MEMORY,
            "memswap_limit", ONLY_CPU_AND_MEMORY,
            "network_mode", "only 'host' maps (to security_context.host_network)",
            "networks", "all services of an application share one network; they reach each other by name",
            "oom_kill_disable", ONLY_CPU_AND_MEMORY,
            "oom_score_adj", ONLY_CPU_AND_MEMORY,
            "pid", "only 'host' maps (to security_context.host_pid)",
            "pids_limit", ONLY_CPU_AND_MEMORY,
            "platform", "the node's architecture decides; build a multi-architecture image",
            "profiles", "every service is deployed; remove the services you do not want",
            "provider", "provider services are a docker compose extension",
            "pull_policy", "Maestro pulls images by its own policy",
            "read_only", "a read-only root file system cannot be set in service.yml",
            "restart", "Kubernetes always restarts the containers of a service",
            "runtime", "the container runtime is chosen by the cluster",
            "scale", "the desired count is set with maestro services scale; constraints.min_count and"
                    + " max_count bound it",
            "secrets", "use env vars (secret ones are kept in a Kubernetes Secret) or a secret volume",
            "security_opt", "security options (seccomp, AppArmor, SELinux labels) cannot be set in service.yml",
            "stdin_open", "containers run without a terminal",
            "stop_signal", "Kubernetes stops containers with TERM; use pre_stop_command to send another signal",
            "storage_opt", "storage options are not supported",
            "sysctls", "sysctls cannot be set in service.yml",
            "tty", "containers run without a terminal",
            "ulimits", "ulimits come from the node's container runtime and cannot be set per service",
            "use_api_socket", "containers get no access to a container engine socket",
            "userns_mode", "user namespaces are not configurable",
            "uts", "the UTS namespace is not configurable",
            "volume_driver", "volumes become persistent volume claims; the cluster's storage class decides",
            "volumes_from", "volumes are declared per service; repeat the mounts");

    /** Documentation of dropped service keys that some values do convert (see ServiceConverter). */
    private static final Map<String, String> VALUE_DEPENDENT_DOCS = Map.of(
            "restart", "`always` and `unless-stopped` are what Kubernetes does anyway; other policies are not"
                    + " converted: Kubernetes always restarts the containers of a service.",
            "ipc", "`host` becomes `security_context.host_ipc`; `private` and `shareable` are the default; other"
                    + " modes are not converted.",
            "pid", "`host` becomes `security_context.host_pid`; other modes are not converted.",
            "network_mode", "`host` becomes `security_context.host_network`; `bridge` and `default` are the"
                    + " default; other modes are not converted.",
            "healthcheck", "Not converted (nothing is lost with `disable: true`): compose healthchecks do not map"
                    + " to probes automatically; add health: {ready: ...}.");

    /** Keys of a {@code build} map that have no BuildGrid equivalent, and why. */
    private static final Map<String, String> DROPPED_BUILD_KEYS = dropped(
            "additional_contexts", "BuildGrid builds from one context",
            "args", "BuildGrid has no build args; it replaces $VAR in the Dockerfile with the application's"
                    + " env vars",
            "cache_from", "BuildGrid manages its own build cache",
            "cache_to", "BuildGrid manages its own build cache",
            "dockerfile_inline", "BuildGrid builds a Dockerfile from the repository; commit it",
            "entitlements", "build entitlements are not supported",
            "extra_hosts", "/etc/hosts entries cannot be added to builds",
            "isolation", "Windows isolation modes do not apply",
            "labels", "image labels are set in the Dockerfile (LABEL)",
            "network", "builds use BuildGrid's network",
            "no_cache", "BuildGrid manages its own build cache",
            "platforms", "BuildGrid builds for the cluster's architecture",
            "privileged", "builds are never privileged",
            "provenance", "attestations are not supported",
            "pull", "BuildGrid pulls base images by its own policy",
            "sbom", "attestations are not supported",
            "secrets", "use BuildGrid's env var substitution; never bake secrets into images",
            "shm_size", "builds use BuildGrid's defaults",
            "ssh", "BuildGrid clones with the application's deploy key; the build gets no SSH agent",
            "tags", "BuildGrid tags the images it builds",
            "target", "the last stage of a multi-stage Dockerfile is built; make the wanted stage the last",
            "ulimits", "builds use BuildGrid's defaults");

    /** Top-level keys other than {@code services}, and why they are not converted. */
    private static final Map<String, String> DROPPED_TOP_KEYS = dropped(
            "configs", "use a config_map volume built from env_vars or ConfigStore",
            "include", "included files are not read; convert each file and merge the services",
            "models", "model runners are a docker compose extension",
            "name", "the application's name is chosen when it is created",
            "networks", "all services of an application share one network; they reach each other by name",
            "secrets", "use env vars (secret ones are kept in a Kubernetes Secret) or a secret volume");

    static final KeySpec BUILD = key("build", "string or map", "`build_root` (the context) and `dockerfile_path`;"
            + " a git URL context becomes `git_url`, `git_branch` and `build_root`. service.yml builds from a"
            + " git repository: give `--git-url` or add `git_url` yourself.",
            merge(List.of(
                    key("context", "string", "`build_root`, relative to the repository root (the compose file is"
                            + " assumed to sit there); a git URL becomes `git_url`/`git_branch`/`build_root`."),
                    key("dockerfile", "string", "`dockerfile_path` (relative to the context, as in compose).")),
                    DROPPED_BUILD_KEYS));

    static final KeySpec PORT = key("ports[]", "map", "Long port syntax.",
            List.of(
                    key("target", "int", "The container port: `container`."),
                    key("published", "int or string", "The external port; its kind follows the port rule."),
                    key("protocol", "tcp or udp", "`udp` makes the external port `udp`."),
                    key("host_ip", "string", "A loopback address keeps the port internal; any other is ignored."),
                    key("app_protocol", "string", "`http` or `https` choose that kind of external port."),
                    key("mode", "host or ingress", "Ignored: Maestro decides how ports reach the nodes."),
                    key("name", "string", "Not converted: port names are generated.")));

    static final KeySpec VOLUME = key("volumes[]", "map", "Long volume syntax.",
            List.of(
                    key("type", "bind, volume, tmpfs", "The kind of mount; `npipe`, `image` and `cluster` are not"
                            + " converted."),
                    key("source", "string", "Host path (bind) or volume name (volume)."),
                    key("target", "string", "`mount_path`."),
                    key("read_only", "bool", "`read_only` (`:ro` in the short form)."),
                    key("bind", "map", "`propagation` becomes `mount_propagation`; other options are ignored.",
                            List.of(key("propagation", "string", "rprivate/private → None, rslave/slave →"
                                            + " HostToContainer, rshared/shared → Bidirectional."),
                                    key("create_host_path", "bool", "Ignored."),
                                    key("selinux", "z or Z", "Ignored."))),
                    key("volume", "map", "`subpath` becomes `sub_path`.",
                            List.of(key("nocopy", "bool", "Ignored."),
                                    key("subpath", "string", "`sub_path`."))),
                    key("tmpfs", "map", "`size` becomes the `empty_dir` `size_limit`.",
                            List.of(key("size", "bytes", "`size_limit`."),
                                    key("mode", "int", "Ignored."))),
                    key("image", "map", "Not converted.", List.of(key("subpath", "string", "Not converted."))),
                    key("consistency", "string", "Ignored (a Docker Desktop setting).")));

    static final KeySpec RESOURCE_LIST = key("limits", "map", "CPU and memory.",
            List.of(key("cpus", "number", "`cpu`."),
                    key("memory", "bytes", "`memory`."),
                    key("pids", "int", "Not converted: " + ONLY_CPU_AND_MEMORY + "."),
                    key("devices", "list", "Not converted: device reservations are not supported."),
                    key("generic_resources", "list", "Not converted: generic resources are not supported.")));

    static final KeySpec DEPLOY = key("deploy", "map", "Swarm deployment settings; only a few map.",
            List.of(
                    key("mode", "string", "`global` becomes `type: daemon_set`; `replicated` is the default."),
                    key("replicas", "int", "Not converted: the desired count is set with `maestro services scale`."),
                    key("labels", "map or list", "Added to `tags` like `labels`."),
                    key("resources", "map", "`limits` → `constraints.resources.limits`, `reservations` →"
                            + " `constraints.resources.requests`.",
                            List.of(rename(RESOURCE_LIST, "limits"), rename(RESOURCE_LIST, "reservations"))),
                    key("restart_policy", "map", "Not converted: Kubernetes always restarts the containers of a"
                            + " service."),
                    key("update_config", "map", "Not converted: use `constraints.max_surge` and"
                            + " `constraints.max_unavailable`."),
                    key("rollback_config", "map", "Not converted: roll back by redeploying an older version."),
                    key("placement", "map", "Not converted: use `constraints.servers`."),
                    key("endpoint_mode", "string", "Not converted: services are reached through their Kubernetes"
                            + " Service.")));

    static final KeySpec LIFECYCLE_HOOK = key("post_start[]", "map", "A lifecycle hook.",
            List.of(key("command", "string or list", "The hook's command."),
                    key("user", "string", "Not converted."),
                    key("privileged", "bool", "Not converted."),
                    key("working_dir", "string", "Not converted."),
                    key("environment", "map or list", "Not converted.")));

    static final KeySpec SERVICE = key("*", "map", "One compose service; it becomes the service.yml service of"
            + " the same name (made a DNS-1123 label when needed).",
            merge(List.of(
                    key("image", "string", "`image`. With `build` and a git URL the build wins."),
                    BUILD,
                    key("command", "string or list", "`command` (a list is joined with shell quoting)."),
                    key("entrypoint", "string or list", "Prepended to `command`: service.yml has no entrypoint."),
                    key("working_dir", "string", "`work_dir`."),
                    key("environment", "map or list", "`env_vars`; `${VAR}` becomes `_env(VAR)`, a name without a"
                            + " value becomes `_env(NAME)`."),
                    key("ports", "list", "`ports`, long form; see the port rule."),
                    key("expose", "list", "Internal container `ports`."),
                    key("volumes", "list", "`volumes`: absolute host paths stay short, named volumes become"
                            + " `persistent_volume_claim`s, anonymous ones `empty_dir`s."),
                    key("tmpfs", "string or list", "`empty_dir` volumes with `medium: Memory`."),
                    key("shm_size", "bytes", "An `empty_dir` with `medium: Memory` mounted at /dev/shm."),
                    key("labels", "map or list", "`tags` (`key=value`); values that are not valid Kubernetes label"
                            + " values become `annotations`."),
                    key("annotations", "map or list", "`annotations`."),
                    key("user", "string", "`security_context.run_as_user` (and `run_as_group`) when numeric."),
                    key("group_add", "list", "`security_context.supplemental_groups` when numeric."),
                    key("privileged", "bool", "`security_context.privileged`."),
                    key("stop_grace_period", "duration", "`stop_grace` in whole seconds."),
                    key("post_start", "list", "`post_start_command` (one hook with only a command)."),
                    key("pre_stop", "list", "`pre_stop_command` (one hook with only a command)."),
                    key("mem_limit", "bytes", "`constraints.resources.limits.memory`."),
                    key("mem_reservation", "bytes", "`constraints.resources.requests.memory`."),
                    key("cpus", "number", "`constraints.resources.limits.cpu`."),
                    key("cpu_shares", "int", "`constraints.resources.requests.cpu` (1024 shares = 1 CPU)."),
                    DEPLOY),
                    DROPPED_SERVICE_KEYS));

    /** The whole compose file. */
    public static final KeySpec ROOT = key("docker-compose.yml", "map", "A docker-compose file.",
            merge(List.of(
                    key("version", "string", "Ignored: obsolete in the compose specification."),
                    key("services", "map", "One entry per service.", List.of(SERVICE)),
                    key("volumes", "map", "Named volumes; each mount of one becomes a `persistent_volume_claim`.")),
                    DROPPED_TOP_KEYS));

    /** Why a service key is not converted, if it is one of those. */
    public static Optional<String> droppedReason(String serviceKey) {
        return Optional.ofNullable(DROPPED_SERVICE_KEYS.get(serviceKey));
    }

    /** Why a {@code build} key is not converted, if it is one of those. */
    public static Optional<String> droppedBuildReason(String buildKey) {
        return Optional.ofNullable(DROPPED_BUILD_KEYS.get(buildKey));
    }

    /** Why a top-level key is not converted, if it is one of those. */
    public static Optional<String> droppedTopLevelReason(String key) {
        return Optional.ofNullable(DROPPED_TOP_KEYS.get(key));
    }

    private static Map<String, String> dropped(String... keysAndReasons) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < keysAndReasons.length; i += 2) {
            reasons.put(keysAndReasons[i], keysAndReasons[i + 1]);
        }
        return Collections.unmodifiableMap(reasons);
    }

    private static List<KeySpec> merge(List<KeySpec> converted, Map<String, String> dropped) {
        List<KeySpec> all = new ArrayList<>(converted);
        dropped.forEach((name, reason) -> all.add(key(name, "any",
                VALUE_DEPENDENT_DOCS.getOrDefault(name, "Not converted: " + reason + "."))));
        return all;
    }

    private static KeySpec key(String name, String type, String doc) {
        return KeySpec.key(name, type).since(Since.COMPOSE).doc(doc).build();
    }

    private static KeySpec key(String name, String type, String doc, List<KeySpec> children) {
        return KeySpec.key(name, type).since(Since.COMPOSE).doc(doc).children(children).build();
    }

    private static KeySpec rename(KeySpec spec, String name) {
        return new KeySpec(name, spec.type(), spec.defaultValue(), spec.since(), spec.status(), spec.summary(),
                spec.children());
    }
}
