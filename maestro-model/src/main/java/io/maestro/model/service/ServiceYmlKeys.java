package io.maestro.model.service;

import static io.maestro.model.keys.KeySpec.key;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.keys.KeySpec.Since;
import io.maestro.model.keys.KeySpec.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The key table of {@code service.yml} (reference §1): every key the binder accepts, with its type,
 * default, the engine that documents it, what Maestro does with it, and its documentation.
 *
 * <p>{@link ServiceYmlBinder} checks every map against these specs, {@code maestro explain KEY}
 * prints them, and docs/service-yml.md is generated from (or checked against) them. For list-valued
 * keys whose items are maps ({@code ports}, {@code volumes}, {@code constraints.tolerations},
 * {@code http_headers}), the children describe the keys of one item.
 *
 * <pre>{@code
 * KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.ports.https").map(f -> f.spec().summary());
 * }</pre>
 */
public final class ServiceYmlKeys {

    private ServiceYmlKeys() {}

    // ---- ports ---------------------------------------------------------------------------

    /** The long form of one {@code ports} item. */
    public static final KeySpec PORT = key("ports", "list of \"C[:H[:S]]\" strings, ints or maps")
            .defaults("none (nothing exposed)")
            .doc("""
                    Container ports and where they are exposed. Three item forms may be mixed: a short \
                    string `"C[:H[:S]]"` (container port, external HTTP port, external HTTPS port; empty \
                    fields allowed, so `"4000::8443"` is HTTPS only; note the order is not docker's \
                    host:container), a bare int (container port only, reachable in the cluster as \
                    `http://<service>:<port>`), or a map with the keys below.""")
            .children(
                    key("container", "port (1-65535)").doc(
                            "The port the container listens on. Required in the long form.").build(),
                    key("http", "port (1-65535)").doc("""
                            External HTTP port served by the load balancer / ingress. Several services may \
                            share one HTTP port when each has distinct `traffic_matches`.""").build(),
                    key("https", "port (1-65535)").doc("""
                            External HTTPS port served by the load balancer / ingress with TLS termination. \
                            Needs a certificate for the service's host names.""").build(),
                    key("tcp", "port (1-65535)").doc("""
                            External TCP port bound directly on the nodes (NodePort or LoadBalancer). A \
                            TCP port can belong to one service only.""").build(),
                    key("udp", "port (1-65535)").doc("""
                            External UDP port bound directly on the nodes (NodePort or LoadBalancer). A \
                            UDP port can belong to one service only.""").build(),
                    key("name", "string (IANA service name, at most 15 characters)")
                            .defaults("generated from the protocol and port")
                            .since(Since.MAESTRO)
                            .doc("""
                                    Name of the container port in the rendered Kubernetes objects, e.g. \
                                    `metrics`. Lowercase letters, digits and `-`, at most 15 characters, with \
                                    at least one letter.""").build())
            .build();

    // ---- volumes -------------------------------------------------------------------------

    private static final KeySpec DATA_FROM = key("from", "config_store | env_vars").doc("""
            Where the keys come from: `config_store` (ConfigStore records) or `env_vars` (the \
            application's env vars; service-level env vars cannot be used here). Required.""").build();

    private static final KeySpec DATA_FILTER = key("filter", "string, e.g. \"key=value\"")
            .defaults("all records / variables")
            .doc("Keeps only the records or variables whose metadata or tags match, e.g. `mount=true`.").build();

    /** Kubernetes volume types with no Maestro-specific meaning: passed through as written. */
    private static final List<String[]> OTHER_VOLUME_TYPES = List.of(
            new String[] {"nfs", "An NFS export: `server`, `path`, `read_only`."},
            new String[] {"csi", "A CSI driver volume: `driver`, `read_only`, `fs_type`, `volume_attributes`, `node_publish_secret_ref`."},
            new String[] {"projected", "Several sources projected into one directory: `sources`, `default_mode`."},
            new String[] {"downward_api", "Pod fields as files: `items`, `default_mode`."},
            new String[] {"ephemeral", "A generic ephemeral volume: `volume_claim_template`."},
            new String[] {"iscsi", "An iSCSI disk: `target_portal`, `iqn`, `lun`, `fs_type`, `read_only`."},
            new String[] {"cephfs", "A CephFS mount: `monitors`, `path`, `user`, `secret_ref`, `read_only`."},
            new String[] {"rbd", "A Ceph RBD image: `monitors`, `image`, `pool`, `user`, `secret_ref`, `fs_type`."},
            new String[] {"glusterfs", "A GlusterFS volume: `endpoints`, `path`, `read_only`."},
            new String[] {"fc", "A Fibre Channel disk: `target_wwns`, `lun`, `fs_type`, `read_only`."},
            new String[] {"aws_elastic_block_store", "An AWS EBS volume (in-tree, deprecated): `volume_id`, `fs_type`, `partition`."},
            new String[] {"gce_persistent_disk", "A GCE persistent disk (in-tree, deprecated): `pd_name`, `fs_type`, `partition`."},
            new String[] {"azure_disk", "An Azure data disk (in-tree, deprecated): `disk_name`, `disk_uri`, `kind`."},
            new String[] {"azure_file", "An Azure file share (in-tree, deprecated): `secret_name`, `share_name`."},
            new String[] {"cinder", "An OpenStack Cinder volume (in-tree, deprecated): `volume_id`, `fs_type`."},
            new String[] {"vsphere_volume", "A vSphere VMDK (in-tree, deprecated): `volume_path`, `fs_type`."},
            new String[] {"flex_volume", "A FlexVolume driver (deprecated): `driver`, `fs_type`, `options`."},
            new String[] {"image", "An OCI image or artifact mounted read-only: `reference`, `pull_policy`."});

    /** The long form of one {@code volumes} item. */
    public static final KeySpec VOLUME = key("volumes", "list of \"HOST:CONTAINER[:ro|rw]\" strings or maps")
            .doc("""
                    Mounts. The short form `"/host/dir:/container/dir[:ro|rw]"` mounts a node directory \
                    (read-write by default; both paths absolute). The long form is a map with `mount_path`, \
                    the options below and exactly one source: `host_path`, `secret`, `config_map`, \
                    `empty_dir`, `persistent_volume_claim`, or any other Kubernetes volume type in \
                    snake_case.""")
            .children(volumeChildren())
            .build();

    private static List<KeySpec> volumeChildren() {
        List<KeySpec> children = new ArrayList<>(List.of(
                key("mount_path", "absolute path").since(Since.V2).doc(
                        "Where the volume appears in the container. Required; absolute; no `:`.").build(),
                key("read_only", "bool").defaults("false").since(Since.V2).doc(
                        "Mount the volume read-only.").build(),
                key("sub_path", "relative path").since(Since.V2).doc(
                        "Mount only this sub-directory of the volume. Cannot be combined with `sub_path_expr`.").build(),
                key("sub_path_expr", "relative path with $(VAR)").since(Since.V2).doc("""
                        Like `sub_path`, but `$(VAR)` references are expanded from the container's \
                        environment. Cannot be combined with `sub_path`.""").build(),
                key("mount_propagation", "None | HostToContainer | Bidirectional").defaults("None").since(Since.V2)
                        .doc("Whether mounts made later on the host or in the container propagate to the other side.")
                        .build(),
                key("host_path", "map").since(Since.V2).doc(
                        "A directory or file on the node the pod runs on.").children(
                        key("path", "absolute path").doc("The path on the node. Required; absolute.").build(),
                        key("type", "\"\" | DirectoryOrCreate | Directory | FileOrCreate | File | Socket | CharDevice | BlockDevice")
                                .defaults("\"\" (no check)")
                                .doc("The Kubernetes hostPath type: what must (or will be created to) exist at `path`.")
                                .build()).build(),
                key("secret", "map").since(Since.V2).doc("""
                        A Kubernetes Secret built from ConfigStore records or the application's env vars \
                        (filtered by metadata/tags), mounted as one file per key.""")
                        .children(DATA_FROM, DATA_FILTER).build(),
                key("config_map", "map").since(Since.V2).doc("""
                        A Kubernetes ConfigMap built from ConfigStore records or the application's env vars \
                        (filtered by metadata/tags), mounted as one file per key.""")
                        .children(DATA_FROM, DATA_FILTER).build(),
                key("empty_dir", "map").since(Since.V2).doc(
                        "Scratch space that lives as long as the pod.").children(
                        key("medium", "\"\" | Memory | HugePages").defaults("\"\" (node disk)")
                                .doc("`Memory` backs the directory with tmpfs (counted against the memory limit).")
                                .build(),
                        key("size_limit", "memory quantity, e.g. 1Gi").doc(
                                "Upper bound on the space used; the pod is evicted above it.").build()).build(),
                key("persistent_volume_claim", "map").since(Since.MAESTRO).doc("""
                        Storage that outlives the pod. With `size`, Maestro creates a PersistentVolumeClaim \
                        for the service (Maestro extension); with `claim_name`, an existing claim is mounted \
                        as in Kubernetes.""").children(
                        key("size", "memory quantity, e.g. 10Gi").doc(
                                "Requested capacity of the claim Maestro creates.").build(),
                        key("storage_class", "string").defaults("the cluster's default class").doc(
                                "StorageClass of the claim.").build(),
                        key("access_mode", "ReadWriteOnce | ReadOnlyMany | ReadWriteMany | ReadWriteOncePod")
                                .defaults("ReadWriteOnce").doc("How nodes may mount the claim.").build(),
                        key("claim_name", "string").since(Since.V2).doc(
                                "Mount an existing claim instead of creating one (plain Kubernetes form).").build(),
                        key("read_only", "bool").since(Since.V2).defaults("false").doc(
                                "Kubernetes `readOnly` of an existing claim.").build()).build()));
        for (String[] type : OTHER_VOLUME_TYPES) {
            children.add(key(type[0], "map (Kubernetes fields in snake_case)").since(Since.V2)
                    .doc(type[1] + " Passed to Kubernetes as written, with keys converted to camelCase.")
                    .children(key("*", "any").doc("A field of the Kubernetes volume source, in snake_case.").build())
                    .build());
        }
        children.add(key("*", "map (Kubernetes fields in snake_case)").since(Since.V2).doc("""
                Any other Kubernetes volume type in snake_case ("all the same volume types as \
                Kubernetes"). Passed through as written with a warning, since Maestro cannot check it.""")
                .build());
        return children;
    }

    // ---- health --------------------------------------------------------------------------

    private static KeySpec probe(String name, String doc) {
        return key(name, "map").since(Since.V2).doc(doc).children(
                key("type", "http | https | tcp | exec").defaults("http").doc(
                        "How the probe checks the container: an HTTP(S) GET, a TCP connect, or a command.").build(),
                key("endpoint", "path").defaults("/").doc(
                        "Path requested by http/https probes; a 2xx or 3xx answer is a success.").build(),
                key("command", "string").doc(
                        "Command run in the container by exec probes (required for them); exit code 0 is a success.")
                        .build(),
                key("timeout", "int seconds").defaults("5").doc("Seconds before one check counts as failed.").build(),
                key("success_threshold", "int").defaults("1").doc(
                        "Consecutive successes needed after a failure.").build(),
                key("failure_threshold", "int").defaults("1").doc(
                        "Consecutive failures before the probe fails.").build(),
                key("initial_delay", "int seconds").defaults("1").doc(
                        "Seconds after the container starts before the first check.").build(),
                key("period", "int seconds").defaults("5").doc("Seconds between checks.").build(),
                key("port", "port (1-65535)").defaults("the service's first container port").doc(
                        "Container port the http/https/tcp probe connects to.").build(),
                key("http_headers", "list of {name, value}").defaults("[]").doc(
                        "Headers sent with http/https probes.").children(
                        key("name", "string").doc("Header name.").build(),
                        key("value", "string").doc("Header value.").build()).build())
                .build();
    }

    public static final KeySpec HEALTH = key("health", "default | none | map")
            .defaults("none (no health checks)")
            .doc("""
                    Health checks. `default` adds HTTP readiness and liveness probes on `/` of the first \
                    container port; `none` disables checks. A map with `ready`, `alive` and/or `startup` \
                    gives Kubernetes probes (V2). The V1 map (`type: inbound`, `endpoint`, `protocol`, \
                    `timeout`, `accept`) is mapped to a readiness probe with a warning.""")
            .children(
                    probe("ready", "Readiness probe: a pod receives traffic only while it passes."),
                    probe("alive", "Liveness probe: a container that fails it is restarted."),
                    probe("startup", """
                            Startup probe: while it has not passed, the other probes are suspended (for \
                            slow starters; Kubernetes 1.16 or later)."""),
                    key("type", "inbound | outbound").defaults("inbound").since(Since.V1).status(Status.V1_MAPPED)
                            .doc("""
                                    V1 check kind. `inbound` (the platform calls `endpoint`) maps to a readiness \
                                    probe; `outbound` (the container POSTs to `$CONTAINER_NOTIFY_URL`) has no \
                                    Kubernetes equivalent and is ignored with a warning.""").build(),
                    key("endpoint", "path").defaults("/").since(Since.V1).status(Status.V1_MAPPED).doc(
                            "V1 path checked by an inbound check; becomes `ready.endpoint`.").build(),
                    key("protocol", "http | https").defaults("http").since(Since.V1).status(Status.V1_MAPPED).doc(
                            "V1 protocol of an inbound check; becomes `ready.type`.").build(),
                    key("timeout", "duration, e.g. \"30s\"").since(Since.V1).status(Status.V1_MAPPED).doc(
                            "V1 time allowed for the check; becomes `ready.timeout` in seconds.").build(),
                    key("accept", "list of status codes or ranges, e.g. [\"200\", \"300-399\"]")
                            .defaults("[\"200\", \"300-399\"]").since(Since.V1).status(Status.V1_MAPPED).doc("""
                                    V1 HTTP status codes counted as healthy. Kubernetes probes always accept \
                                    200-399, so other codes cannot be honoured.""").build())
            .build();

    // ---- constraints ---------------------------------------------------------------------

    private static KeySpec resourceList(String name, String doc) {
        return key(name, "map").since(Since.V2).doc(doc).children(
                key("cpu", "CPU amount, e.g. 250m, 0.5, 2").doc(
                        "CPUs, or millicores with the suffix `m` (`1000m` = 1 CPU).").build(),
                key("memory", "memory amount, e.g. 256Mi, 1G").doc("""
                        Bytes, or a number with `K`/`M`/`G`/`T` (powers of 1000) or `Ki`/`Mi`/`Gi`/`Ti` \
                        (powers of 1024). At least `4M`.""").build())
                .build();
    }

    public static final KeySpec TOLERATIONS = key("tolerations", "list of maps (or one map)")
            .since(Since.V2)
            .doc("""
                    Kubernetes tolerations in snake_case, letting pods run on tainted nodes. A single map \
                    is read as a one-item list.""")
            .children(
                    key("key", "string").defaults("any key (with operator Exists)").doc(
                            "The taint key the toleration matches.").build(),
                    key("operator", "Exists | Equal").defaults("Equal").doc(
                            "`Exists` matches any value; `Equal` needs `value`.").build(),
                    key("value", "string").doc("The taint value to match with operator `Equal`.").build(),
                    key("effect", "NoSchedule | PreferNoSchedule | NoExecute").defaults("all effects").doc(
                            "Which taint effect is tolerated.").build(),
                    key("toleration_seconds", "int").doc(
                            "For `NoExecute`: how long the pod stays bound after the taint appears.").build())
            .build();

    public static final KeySpec CONSTRAINTS = key("constraints", "map")
            .doc("Scheduling: resources, replica bounds, placement and rolling-update settings.")
            .children(
                    key("resources", "map").doc("""
                            CPU and memory: `requests` (scheduling floor) and `limits` (ceiling). The V1 flat \
                            form `{memory: "512m", cpu: 512}` is accepted and mapped with a warning.""").children(
                            resourceList("requests", "Scheduling floor: a node must have this much free."),
                            resourceList("limits", "Ceiling: memory above it kills the container, CPU is throttled."),
                            key("memory", "V1 memory: number with b/k/m/g (powers of 1024)").since(Since.V1)
                                    .status(Status.V1_MAPPED).doc("""
                                            V1 memory limit, e.g. `"512m"` (lowercase units are powers of 1024 in \
                                            V1). Maps to `resources.limits.memory`.""").build(),
                            key("cpu", "int CPU shares").defaults("1024").since(Since.V1).status(Status.V1_MAPPED)
                                    .doc("""
                                            V1 CPU shares (1024 = one CPU). Maps to `resources.requests.cpu` \
                                            (512 shares = 500m).""").build())
                            .build(),
                    key("min_count", "int").doc(
                            "Lower bound on the number of containers (replicas) across the cluster.").build(),
                    key("max_count", "int").doc(
                            "Upper bound on the number of containers (replicas) across the cluster.").build(),
                    key("servers", "map").since(Since.V2).doc("""
                            Node affinity. A node qualifies when its name is in `names` and one of its tags is \
                            in `tags` (OR within a list, AND between the two).""").children(
                            key("names", "list of strings").doc("Server (node) names.").build(),
                            key("tags", "list of \"key=value\"").doc("Server (node) labels.").build()).build(),
                    key("max_unavailable", "int or \"NN%\"").defaults("50%").since(Since.V2).doc(
                            "Rolling update: how many pods may be unavailable during a rollout.").build(),
                    key("max_surge", "int or \"NN%\"").defaults("50%").since(Since.V2).doc(
                            "Rolling update: how many extra pods may be created during a rollout.").build(),
                    TOLERATIONS)
            .build();

    // ---- security ------------------------------------------------------------------------

    public static final KeySpec SECURITY_CONTEXT = key("security_context", "map")
            .since(Since.V2)
            .doc("Pod and container security settings, as in Kubernetes (snake_case).")
            .children(
                    key("fs_group", "int").doc("Group that owns mounted volumes; added to every container's groups.").build(),
                    key("host_ipc", "bool").defaults("false").doc("Share the node's IPC namespace.").build(),
                    key("host_network", "bool").defaults("false").doc("Use the node's network namespace.").build(),
                    key("host_pid", "bool").defaults("false").doc("Share the node's process namespace.").build(),
                    key("privileged", "bool").defaults("false").doc(
                            "Run containers privileged (almost all host capabilities).").build(),
                    key("run_as_group", "int").doc("Group ID the container process runs as.").build(),
                    key("run_as_non_root", "bool").doc(
                            "Refuse to start a container whose user is root.").build(),
                    key("run_as_user", "int").doc("User ID the container process runs as.").build(),
                    key("supplemental_groups", "list of int").doc(
                            "Extra group IDs of the container process.").build())
            .build();

    // ---- one service ---------------------------------------------------------------------

    /** The keys of one service ({@code services.<name>}). */
    public static final KeySpec SERVICE = key("*", "map")
            .doc("""
                    One container service. The name becomes the Kubernetes Deployment and Service name and \
                    the in-cluster DNS name (`http://api:3000`); it must be a DNS-1123 label that starts with a letter \
                    (a DNS-1035 label, as Kubernetes requires of Service names). Maestro names some Services \
                    itself, so a service cannot be called like a data store of the application (`postgresql`, \
                    `mysql`, `redis`, `memcached`, `rabbitmq`, `<kind>-<group>`) or `<other service>-l4` when that \
                    service has `tcp`/`udp` ports.""")
            .children(
                    // source and build
                    key("image", "string").doc("""
                            Pre-built image, e.g. `namespace/name:tag` or `quay.io/ns/name:tag`. When set, the \
                            git keys are ignored.""").build(),
                    key("git_url", "string").doc("""
                            Repository BuildGrid clones to build the image, e.g. `git@github.com:org/repo.git` \
                            (SSH form for private repositories).""").build(),
                    key("git_branch", "string").doc("Branch to build.").build(),
                    key("build_root", "relative directory").defaults("the repository root").doc(
                            "Docker build context inside the repository.").build(),
                    key("dockerfile_path", "relative path").defaults("Dockerfile").doc(
                            "Dockerfile path, relative to `build_root`.").build(),
                    key("use_habitus", "bool").defaults("false").status(Status.NOT_SUPPORTED_YET).doc("""
                            Build with a Habitus build.yml (multi-step builds, build-time secrets) instead of a \
                            plain Dockerfile.""").build(),
                    key("use_habitus_step", "string").status(Status.NOT_SUPPORTED_YET).doc(
                            "Which Habitus step's image becomes this service's image.").build(),
                    key("build_command", "string").doc("""
                            Run once during the initial application build, e.g. \
                            `bundle exec rake db:schema:load`.""").build(),
                    key("deploy_command", "string").doc("""
                            Run on every deploy, once per service (also on fast deploys), e.g. database \
                            migrations.""").build(),
                    // runtime
                    key("command", "string").defaults("the image's CMD").doc("""
                            Start command, split into an argv. May contain `$(VAR)` references, expanded from \
                            the container's environment.""").build(),
                    key("work_dir", "absolute path").defaults("the image's WORKDIR").doc(
                            "Working directory of the container.").build(),
                    key("env_vars", "map of name to string").doc("""
                            Per-service environment variables. Values are literals or references: \
                            `_env(NAME[:default])`, `_env(SERVICE[svc].NAME)`, `_env(STACK[uid].NAME)`, \
                            `{{NAME}}`, `AUTO_GENERATE[_n]`, `_configstore(ns.KEY)`.""")
                            .children(key("*", "string").doc("One variable: name and value.").build()).build(),
                    PORT,
                    key("traffic_matches", "list of host names (or one string)").doc("""
                            Host names (wildcards such as `*.example.com` allowed) routed to this service, so \
                            several services can share ports 80/443. `_` is the catch-all.""").build(),
                    VOLUME,
                    key("log_folder", "absolute path").doc("""
                            Log folder inside the container, also mounted on the node at \
                            `/var/log/containers/<namespace>/<service>`.""").build(),
                    key("type", "service | deployment | daemon_set").defaults("service").since(Since.V2).doc("""
                            Workload kind: `service` and `deployment` give a replicated Deployment; \
                            `daemon_set` runs one pod per node.""").build(),
                    key("service_account_name", "string").defaults("default").since(Since.V2).doc(
                            "Kubernetes ServiceAccount of the pods. It must already exist in the namespace.").build(),
                    SECURITY_CONTEXT,
                    key("privileged", "bool").defaults("false").since(Since.V1).status(Status.V1_MAPPED).doc("""
                            V1: run containers with extended privileges. Maps to \
                            `security_context.privileged`.""").build(),
                    key("tags", "list of \"key=value\", \"key:value\" or \"key\"").doc("""
                            Labels on the service's Kubernetes objects. A bare `key` is a label with an empty \
                            value. Keys and values must be valid Kubernetes label syntax.""").build(),
                    key("annotations", "map of string to string").since(Since.V2).doc(
                            "Copied onto the Deployment or DaemonSet, its pods and Jobs.")
                            .children(key("*", "string").doc("One annotation: a qualified name and a value.").build())
                            .build(),
                    key("dns_behaviour", "versioned | non-versioned").defaults("versioned").doc("""
                            V1 ElasticDNS semantics, kept for compatibility. `versioned`: during a rollout a \
                            caller gets peers of its own release; `non-versioned`: always the newest.""").build(),
                    key("load_balancing", "roundrobin | sticky | closest").defaults("roundrobin").doc("""
                            How internal DNS hands out container addresses (V1 ElasticDNS semantics). `sticky` \
                            keeps returning the last address; `closest` prefers containers on the caller's \
                            node.""").build(),
                    // lifecycle
                    HEALTH,
                    key("post_start_command", "string").doc(
                            "Runs right after a container is created (Kubernetes `lifecycle.postStart.exec`).").build(),
                    key("pre_stop_command", "string").doc(
                            "Runs right before a container is stopped (Kubernetes `lifecycle.preStop.exec`).").build(),
                    key("pre_start_signal", "signal name, e.g. USR1").since(Since.V1).status(Status.WARN).doc("""
                            V1 only: the signal sent to old containers before new ones start; it is ignored on \
                            Kubernetes. Use `pre_stop_command` to run something before a container stops.""")
                            .build(),
                    key("pre_stop_sequence", "waits and signals, e.g. 1m:USR2:30s:USR1:50s").since(Since.V1)
                            .status(Status.WARN).doc("""
                                    V1 only: alternating waits and signals sent before a container is killed; it is \
                                    ignored on Kubernetes. Use `pre_stop_command` and `stop_grace` instead.""")
                            .build(),
                    key("stop_grace", "int seconds (V1: duration such as 30s)").defaults("30 (Kubernetes default)")
                            .doc("""
                                    Seconds between TERM and KILL when a container stops. The V1 duration form \
                                    (`30s`, `1m`, `1h`) is accepted with a warning.""").build(),
                    key("restart_on_deploy", "bool").defaults("true").doc(
                            "Whether this service's containers are replaced on every deploy.").build(),
                    key("requires", "list of service names").since(Since.V1).status(Status.WARN).doc("""
                            V1 only: start order is not supported on Kubernetes, where services start in any \
                            order. Give dependants a readiness probe and make them retry connecting instead.""")
                            .build(),
                    key("links", "list").since(Since.COMPOSE).status(Status.WARN).doc("""
                            Not supported and ignored: services reach each other by service name over cluster \
                            DNS, e.g. `http://api:3000`.""").build(),
                    // scheduling
                    CONSTRAINTS,
                    key("databases", "list of strings").status(Status.WARN).doc("""
                            Data stores listed under a service are merged into the top-level `databases` list, \
                            which is the canonical place for them.""").build())
            .build();

    // ---- top level -----------------------------------------------------------------------

    /** The whole file. */
    public static final KeySpec ROOT = key("service.yml", "map")
            .doc("A Maestro service definition: container services and the data stores they need.")
            .children(
                    key("version", "int").doc(
                            "Optional schema marker (`2` for V2 files). Its meaning is not documented; it is kept "
                                    + "but changes nothing.").build(),
                    key("services", "map of name to service").doc("""
                            One entry per container workload. The name becomes the Kubernetes Deployment and \
                            Service name and the in-cluster DNS name. Required; at least one service.""")
                            .children(SERVICE).build(),
                    key("databases", "list of strings").doc("""
                            Managed, non-containerized data stores to provision: `postgresql`, `mysql`, \
                            `redis`, `memcached`, `rabbitmq`. `mongodb`, `elasticsearch`, `glusterfs`, \
                            `postgis` and `influxdb` are recognised but not supported yet.""").build())
            .build();
}
