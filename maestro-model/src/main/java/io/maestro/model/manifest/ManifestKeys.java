package io.maestro.model.manifest;

import static io.maestro.model.keys.KeySpec.key;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.keys.KeySpec.Since;
import io.maestro.model.keys.KeySpec.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The key table of {@code manifest.yml} (reference §2): what {@link ManifestBinder} accepts, what
 * {@code maestro explain} prints and what docs/manifest-yml.md lists.
 *
 * <p>{@link #ROOT} describes the top level: the components and {@code environment_variables}
 * (settings for every environment) plus {@code *}, an environment name whose value holds the same
 * keys again. To keep the docs free of a second copy of every key, {@code ROOT}'s {@code *} has no
 * children; the binder reads an environment's value with {@link #ENVIRONMENT}.
 *
 * <pre>{@code
 * KeyLookup.byPath(ManifestKeys.ROOT, "docker.configuration.dedicated_master");
 * }</pre>
 */
public final class ManifestKeys {

    private ManifestKeys() {}

    // ---- servers -----------------------------------------------------------------------

    /** {@code ssh} on an existing machine (Maestro extension). */
    public static final KeySpec SSH = key("ssh", "map").since(Since.MAESTRO)
            .doc("How Maestro reaches a machine it did not create (one given by `address`): it logs in over SSH "
                    + "to install and run components. Needs `user` and `key`.")
            .children(
                    key("user", "string").since(Since.MAESTRO)
                            .doc("Login user on the machine; it needs passwordless sudo unless it is root.").build(),
                    key("port", "port").defaults("22").since(Since.MAESTRO)
                            .doc("SSH port of the machine.").build(),
                    key("key", "string (file path)").since(Since.MAESTRO)
                            .doc("Path of the private key file used to log in. The file is read by the control "
                                    + "plane, never copied into the application's configuration.").build())
            .build();

    /** The keys of one {@code server:} entry (reference §2.2 plus Maestro extensions). */
    public static final KeySpec SERVER = key("server", "map, or `external`")
            .doc("One server: a map defining a machine (cloud server or existing machine), a `same_as` "
                    + "reference to a server of another component, or `external` for a data store that is "
                    + "managed outside Maestro.")
            .children(
                    key("unique_name", "string")
                            .doc("Name of the server, required when you define a server and unique in the "
                                    + "manifest (per environment). Other components co-locate with it through `same_as`.")
                            .build(),
                    key("vendor", "string")
                            .doc("Cloud vendor: `aws`, `azure_rm` (or `azure`), `digitalocean`, `googlecloud`, "
                                    + "`hetzner`, `linode`, `maxihost`, `ovh`, `packet`, `rackspace` or `vultr`. "
                                    + "Every cloud server of an environment uses the same vendor and region.")
                            .build(),
                    key("key_name", "string").defaults("Default")
                            .doc("Which stored cloud credential creates the server.").build(),
                    key("region", "string")
                            .doc("Vendor region code, e.g. `lon1` or `us-east-1`.").build(),
                    key("size", "string")
                            .doc("Vendor instance size, e.g. `s-2vcpu-2gb` or `m5.large`. Cluster nodes need at "
                                    + "least 2 CPUs and 2 GB of memory.").build(),
                    key("root_disk_size", "int (GB)").defaults("50")
                            .doc("Root disk size in GB (AWS, Azure, GCE).").build(),
                    key("root_disk_type", "`ssd` or `magnetic`").defaults("ssd")
                            .doc("Root disk type (AWS, GCE).").build(),
                    key("subnet_id", "string")
                            .doc("AWS subnet ID or name; required for every server when `vpc_id` is set.").build(),
                    key("availability_zone", "string")
                            .doc("AWS availability zone, e.g. `us-east-1c`.").build(),
                    key("address", "host name or IP")
                            .doc("Address of an existing machine (Cloud 66: a pre-registered server). Maestro does "
                                    + "not create it; with the `ssh` extension it installs components there itself. "
                                    + "With `external: true` it is where an external data store listens.")
                            .build(),
                    key("same_as", "string")
                            .doc("Run this component on the server of that `unique_name`, defined by another "
                                    + "component of the same environment (or the common settings). A same_as "
                                    + "entry may carry its own `unique_name`, an alias others can point at.")
                            .build(),
                    key("external", "bool").since(Since.MAESTRO)
                            .doc("`server: external` (reference) or `server: {external: true, address: HOST, "
                                    + "port: N}` (extension): the data store is managed outside Maestro. Its "
                                    + "credentials are set as environment variables.")
                            .build(),
                    key("port", "port").since(Since.MAESTRO)
                            .doc("Port of an external data store (with `external: true`); the engine's default "
                                    + "port when omitted.").build(),
                    SSH,
                    key("role", "`master` or `worker`").since(Since.MAESTRO)
                            .doc("Kubernetes node role of a `docker` server. Without roles the first server is the "
                                    + "master and the rest are workers. Use an odd number of masters: etcd needs a "
                                    + "majority.").build(),
                    key("tags", "list of `key=value`").since(Since.MAESTRO)
                            .doc("Node labels of a `docker` server, matched by a service's "
                                    + "`constraints.servers.tags`. A bare `key` is a label with an empty value.")
                            .build())
            .build();

    public static final KeySpec SERVERS = key("servers", "list of `- server: ...`")
            .doc("Where the component runs. Without `servers` Maestro uses its default placement. Adding or "
                    + "removing entries later does not add or remove machines by itself.")
            .children(SERVER)
            .build();

    // ---- configuration shared by server-based components --------------------------------

    private static List<KeySpec> placementKeys() {
        return List.of(
                key("operating_system", "string").doc("Operating system of new servers, e.g. `ubuntu2004`. "
                        + "Applied on build only.").build(),
                key("root_disk_size", "int (GB)").defaults("50").doc("Root disk size of new servers, in GB.").build(),
                key("root_disk_type", "`ssd` or `magnetic`").defaults("ssd").doc("Root disk type of new servers.").build(),
                key("iam_instance_profile_name", "string").doc("AWS IAM instance profile of new servers.").build(),
                key("instance_service_account_name", "string").doc("GCE service account of new servers.").build());
    }

    private static KeySpec customLogFiles() {
        return key("custom_log_files", "list of strings").defaults("[]")
                .doc("Extra log files (globs) collected from the servers, e.g. `[\"/tmp/x/*.log\"]`.").build();
    }

    private static KeySpec version(String what) {
        return key("version", "string").doc("Version of " + what + " to install, e.g. `\"14\"` or `\"8.0\"`. "
                + "A pinned version is respected even when it blocks platform upgrades.").build();
    }

    // ---- docker -------------------------------------------------------------------------

    public static final KeySpec DOCKER_CONFIGURATION = key("configuration", "map")
            .doc("Settings of the cluster that runs the container services.")
            .children(concat(
                    List.of(
                            key("kubernetes_version", "string")
                                    .doc("Kubernetes version for new nodes, e.g. `1.21.14`. Upgrade one minor version "
                                            + "at a time.").build(),
                            key("docker_version", "string")
                                    .doc("Container engine version of new servers. Applied on build only.").build(),
                            key("version", "string").status(Status.V1_MAPPED)
                                    .doc("Older spelling of `docker_version`.").build(),
                            key("weave_version", "string").since(Since.V1).status(Status.WARN)
                                    .doc("a V1 (Docker engine) setting with no meaning on Kubernetes; "
                                            + "it is ignored.").build(),
                            key("image_keep_count", "int").defaults("2")
                                    .doc("Old images kept per server besides the running one.").build(),
                            key("nameservers", "list of strings").defaults("[]")
                                    .doc("DNS servers of the cluster's servers.").build(),
                            key("network", "map").doc("Interconnect of the servers.").children(
                                    key("mode", "`private` or `public`").defaults("private")
                                            .doc("Whether servers talk over the vendor's private network or public "
                                                    + "addresses. Private unless the app mixes cloud and existing "
                                                    + "machines.").build()).build()),
                    placementKeys(),
                    List.of(
                            key("subnet_id", "string").doc("AWS subnet of new servers.").build(),
                            key("vpc_id", "string").doc("AWS or Hetzner VPC of new servers.").build(),
                            key("vn_name", "string").doc("Azure virtual network of new servers.").build(),
                            key("firewall", "map").doc("Firewall settings.").children(
                                    key("create_web_rules", "bool").defaults("true")
                                            .doc("Open the web ports (80/443) to the world automatically.").build()).build(),
                            key("activeprotect", "map").doc("Rate limiting and post-deploy availability checks.")
                                    .children(
                                            key("whitelist", "string (comma-separated) or list").defaults("[]")
                                                    .doc("IP addresses exempt from rate limiting.").build(),
                                            key("http_ban_rate", "int").defaults("2000")
                                                    .doc("Requests per minute from one IP before it is banned.").build(),
                                            key("health_check", "map")
                                                    .doc("Availability check run after each deploy.")
                                                    .children(
                                                            key("endpoint", "string").defaults("/")
                                                                    .doc("Path requested.").build(),
                                                            key("accept", "list of status codes").defaults("[200]")
                                                                    .doc("Status codes that count as available.").build(),
                                                            key("timeout", "int (seconds, ≤ 10)").defaults("5")
                                                                    .doc("Seconds to wait for an answer.").build(),
                                                            key("max_redirects", "int (≤ 10)").defaults("3")
                                                                    .doc("Redirects followed.").build(),
                                                            key("cooldown", "int (seconds, ≤ 1800)").defaults("0")
                                                                    .doc("Seconds to wait after the deploy before checking.")
                                                                    .build())
                                                    .build())
                                    .build(),
                            key("nginx", "map").doc("Settings of the generated web proxy configuration.").children(
                                    key("cors", "`true`, or {origin, methods, headers, credentials}").defaults("off")
                                            .doc("CORS headers in the generated proxy configuration. `true` allows any "
                                                    + "origin with `GET, POST, OPTIONS`.")
                                            .children(
                                                    key("origin", "string").defaults("*")
                                                            .doc("Allowed origin.").build(),
                                                    key("methods", "string").defaults("GET, POST, OPTIONS")
                                                            .doc("Allowed methods, comma-separated.").build(),
                                                    key("headers", "string")
                                                            .doc("Allowed request headers, comma-separated.").build(),
                                                    key("credentials", "bool").defaults("false")
                                                            .doc("Whether credentials (cookies) are allowed.").build())
                                            .build(),
                                    key("perfect_forward_secrecy", "bool").status(Status.WARN)
                                            .doc("deprecated: modern TLS settings always use "
                                                    + "forward secrecy; the key is ignored.").build(),
                                    key("precompiled_url", "string").status(Status.NOT_SUPPORTED_YET)
                                            .doc("A custom nginx build cannot be installed by Maestro yet. Applied on "
                                                    + "build only in Cloud 66.").build()).build(),
                            customLogFiles(),
                            key("dedicated_master", "bool").defaults("false").since(Since.MAESTRO)
                                    .doc("When true, master nodes run no workloads (a dedicated master): the cluster "
                                            + "then needs at least one worker. Cloud 66 offers this in its dashboard "
                                            + "but documents no manifest key.").build(),
                            key("ingress_class", "string").since(Since.MAESTRO)
                                    .doc("Ingress class of the Ingress objects for http/https services; the "
                                            + "cluster's default class when omitted.").build(),
                            key("l4_service_type", "`LoadBalancer` or `NodePort`").since(Since.MAESTRO)
                                    .doc("Type of the `<service>-l4` Services that expose tcp/udp ports. When "
                                            + "omitted: NodePort on clusters of your own machines (servers given by "
                                            + "address), LoadBalancer otherwise.").build())))
            .build();

    public static final KeySpec DOCKER = key("docker", "map")
            .doc("The cluster that runs the container services (Kubernetes); its servers are the nodes.")
            .children(DOCKER_CONFIGURATION, SERVERS)
            .build();

    // ---- data stores --------------------------------------------------------------------

    private static KeySpec groups(String product, List<KeySpec> configuration) {
        KeySpec group = key("*", "map").doc("A named " + product + " group with its own configuration and "
                        + "servers. The group named `default` (else the first) is the primary: it gets the root "
                        + "variables and the bare service name; the others get `<kind>-<group>`.")
                .children(configurationOf(product, configuration), SERVERS)
                .build();
        return key("groups", "map of group name to {configuration, servers}")
                .doc("Named database groups. A group name is a DNS-1123 label (lowercase letters, digits, `-`).")
                .children(group)
                .build();
    }

    private static KeySpec configurationOf(String product, List<KeySpec> keys) {
        return key("configuration", "map").doc("Settings of " + product + ".").children(keys).build();
    }

    private static List<KeySpec> postgresqlConfiguration() {
        return concat(List.of(
                version("PostgreSQL"),
                key("encoding", "string").doc("Encoding of new databases, e.g. `UTF8`.").build(),
                key("postgis", "bool, or {version}").defaults("false")
                        .doc("Install the PostGIS extension; `{version: X}` pins its version.")
                        .children(key("version", "string").doc("PostGIS version to install.").build()).build()),
                placementKeys(), List.of(customLogFiles()));
    }

    private static List<KeySpec> mysqlConfiguration() {
        return concat(List.of(
                version("MySQL"),
                key("engine", "`mysql` or `percona`").defaults("mysql").doc("MySQL distribution to install.").build(),
                key("encoding", "string").doc("Encoding of new databases, e.g. `utf8mb4`.").build()),
                placementKeys(), List.of(customLogFiles()));
    }

    private static List<KeySpec> versionAndPlacement(String product) {
        return concat(List.of(version(product)), placementKeys(), List.of(customLogFiles()));
    }

    public static final KeySpec POSTGRESQL = key("postgresql", "map")
            .doc("A PostgreSQL database server, installed on servers and reached by the services as `postgresql`.")
            .children(configurationOf("PostgreSQL", postgresqlConfiguration()), SERVERS,
                    groups("PostgreSQL", postgresqlConfiguration()))
            .build();

    public static final KeySpec MYSQL = key("mysql", "map")
            .doc("A MySQL (or Percona) database server, reached by the services as `mysql`.")
            .children(configurationOf("MySQL", mysqlConfiguration()), SERVERS, groups("MySQL", mysqlConfiguration()))
            .build();

    public static final KeySpec REDIS = key("redis", "map")
            .doc("A Redis server, reached by the services as `redis`.")
            .children(configurationOf("Redis", versionAndPlacement("Redis")), SERVERS,
                    groups("Redis", versionAndPlacement("Redis")))
            .build();

    public static final KeySpec MEMCACHED = key("memcached", "map")
            .doc("A Memcached server, reached by the services as `memcached`.")
            .children(
                    configurationOf("Memcached", List.of(
                            key("memory", "int (MB, ≥ 1)").defaults("64").doc("Cache memory in MB.").build(),
                            key("port", "port").defaults("11211").doc("Listening port.").build(),
                            key("listen_ip", "IP address").defaults("0.0.0.0").doc("Address Memcached binds to.").build())),
                    SERVERS)
            .build();

    public static final KeySpec RABBITMQ = key("rabbitmq", "map")
            .doc("A RabbitMQ server, reached by the services as `rabbitmq`. Not in Cloud 66's key reference but used "
                    + "in its sample manifests.")
            .children(configurationOf("RabbitMQ", versionAndPlacement("RabbitMQ")), SERVERS)
            .build();

    private static KeySpec notSupportedStore(String name, String product, List<KeySpec> configuration, boolean grouped) {
        List<KeySpec> children = new ArrayList<>(List.of(configurationOf(product, configuration), SERVERS));
        if (grouped) {
            children.add(groups(product, configuration));
        }
        return key(name, "map").status(Status.NOT_SUPPORTED_YET)
                .doc("Maestro does not provision " + product + " yet: run it yourself and give the services its "
                        + "address and credentials as environment variables. Cloud 66 installs it on servers like "
                        + "the other data stores.")
                .children(children)
                .build();
    }

    public static final KeySpec MONGODB = notSupportedStore("mongodb", "MongoDB", versionAndPlacement("MongoDB"), true);

    public static final KeySpec ELASTICSEARCH =
            notSupportedStore("elasticsearch", "Elasticsearch", versionAndPlacement("Elasticsearch"), true);

    public static final KeySpec GLUSTERFS = notSupportedStore("glusterfs", "GlusterFS", List.of(
            version("GlusterFS"),
            key("replica_count", "int").defaults("1").doc("Copies of each file; cannot change later.").build(),
            key("mount_targets", "list of strings").defaults("['app']")
                    .doc("Which servers mount the volumes: `app`, `db` or group names.").build(),
            key("volumes", "list of {volume: {name, mount, access_control}}")
                    .defaults("cloud66-vol at /mnt/data-store").doc("Volumes to create and mount.").build()), false);

    public static final KeySpec POSTGIS = notSupportedStore("postgis", "PostGIS as a separate component",
            versionAndPlacement("PostGIS"), false);

    public static final KeySpec INFLUXDB = notSupportedStore("influxdb", "InfluxDB", versionAndPlacement("InfluxDB"), false);

    // ---- load balancer ------------------------------------------------------------------

    /** The codes HAProxy can serve an {@code errorfile} for. */
    public static final List<Integer> ERRORFILE_CODES =
            List.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504);

    /** Prefix of the {@code errorfile_<code>} keys; the binder matches them by pattern. */
    public static final String ERRORFILE_PREFIX = "errorfile_";

    public static final KeySpec LOAD_BALANCER_CONFIGURATION = key("configuration", "map")
            .doc("How the load balancer spreads traffic over the cluster.")
            .children(
                    key("engine", "`nginx` or `haproxy`").defaults("nginx").since(Since.MAESTRO)
                            .doc("Which proxy runs on the load balancer server. Cloud 66 picks the provider from "
                                    + "the cloud; Maestro runs its own, so this key chooses it.").build(),
                    key("balance", "`roundrobin`, `leastconn` or `source`").defaults("roundrobin")
                            .doc("How requests are spread over backends. The cloud spellings `round_robin`, "
                                    + "`least_connections`, `client_ip` and `client_ip_proto` are accepted as synonyms.")
                            .build(),
                    key("httpchk", "string").defaults("HEAD / HTTP/1.0")
                            .doc("Health check request: a path such as `/healthz`, or `METHOD PATH HTTP/VERSION`.")
                            .build(),
                    key("wait_after_adding_servers", "int (seconds)").defaults("0")
                            .doc("Seconds to wait before sending traffic to a newly added server.").build(),
                    key("wait_after_removing_servers", "int (seconds)").defaults("0")
                            .doc("Seconds to wait before removing a server from the balancer.").build(),
                    key(ERRORFILE_PREFIX + "<code>", "string (file path)")
                            .doc("HAProxy error page for an HTTP status, e.g. `errorfile_503: /etc/haproxy/503.http`. "
                                    + "Codes: 200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500-504.")
                            .build(),
                    key("haproxy_username", "string").doc("User of the HAProxy statistics page.").build(),
                    key("haproxy_password", "string").doc("Password of the HAProxy statistics page (a secret).").build(),
                    key("alb_ssl_policy", "string").status(Status.NOT_SUPPORTED_YET)
                            .doc("Maestro runs its own load balancer and does not provision AWS ALBs yet. The "
                                    + "Cloud 66 default is `ELBSecurityPolicy-FS-1-2-2019-08`.").build(),
                    key("elb_ssl_policy", "string").status(Status.NOT_SUPPORTED_YET)
                            .doc("Maestro runs its own load balancer and does not provision AWS ELBs yet. The "
                                    + "Cloud 66 default is `ELBSecurityPolicy-TLS-1-2-2017-01`.").build())
            .build();

    public static final KeySpec LOAD_BALANCER = key("load_balancer", "map")
            .doc("The load balancer in front of the cluster: nginx or HAProxy on its own server, with TLS termination.")
            .children(LOAD_BALANCER_CONFIGURATION, SERVERS)
            .build();

    // ---- products that are not Maestro ----------------------------------------------------

    private static KeySpec otherProduct(String name, String explanation) {
        return key(name, "map").status(Status.REJECTED).doc(explanation).build();
    }

    public static final KeySpec RAILS = otherProduct("rails",
            "`rails` configures Cloud 66's Rails product, not Maestro: run the application as a container service in "
                    + "service.yml. Its keys have no Maestro meaning.");

    public static final KeySpec SINATRA = otherProduct("sinatra",
            "`sinatra` configures Cloud 66's Rack product, not Maestro: run the application as a container service in "
                    + "service.yml. Its keys have no Maestro meaning.");

    public static final KeySpec GATEWAY = otherProduct("gateway",
            "`gateway` configures the bastion of Cloud 66's Rails and Node products, not Maestro: reach existing "
                    + "machines with a server's `ssh` block instead. Its keys have no Maestro meaning.");

    public static final KeySpec NGINX = otherProduct("nginx",
            "a top-level `nginx` configures Cloud 66's Rails product, not Maestro: put Maestro's proxy settings under "
                    + "docker.configuration.nginx. Its keys have no Maestro meaning.");

    // ---- levels ---------------------------------------------------------------------------

    public static final KeySpec ENVIRONMENT_VARIABLES = key("environment_variables", "map of name to value")
            .doc("Initial application variables, set on the first build only. Values may use `AUTO_GENERATE[_n]` and "
                    + "env-var references.")
            .children(key("*", "string").doc("A variable: its name and value.").build())
            .build();

    /** Every component name, in documentation order: supported, not supported yet, other products. */
    public static final List<KeySpec> COMPONENTS = List.of(DOCKER, POSTGRESQL, MYSQL, REDIS, MEMCACHED, RABBITMQ,
            LOAD_BALANCER, MONGODB, ELASTICSEARCH, GLUSTERFS, POSTGIS, INFLUXDB, RAILS, SINATRA, GATEWAY, NGINX);

    /** What one environment (or the top level, for every environment) may hold. */
    public static final KeySpec ENVIRONMENT = key("*", "map of components")
            .doc("An environment (`production`, `staging`, `development` or any DNS-1123 label): the components "
                    + "that apply to it, replacing the top-level ones component by component.")
            .children(concat(COMPONENTS, List.of(ENVIRONMENT_VARIABLES)))
            .build();

    public static final KeySpec ROOT = key("manifest", "map")
            .doc("manifest.yml: the infrastructure an application runs on, optionally per environment.")
            .children(concat(COMPONENTS, List.of(ENVIRONMENT_VARIABLES, key("*", "map of components")
                    .doc("An environment (`production`, `staging`, `development` or any DNS-1123 label) holding the "
                            + "same keys as the top level; its components replace the top-level ones component by "
                            + "component, its variables are added to theirs.")
                    .build())))
            .build();

    /** Names of the components, for did-you-mean hints at the top level. */
    public static List<String> componentNames() {
        return COMPONENTS.stream().map(KeySpec::name).toList();
    }

    /** Names of the components Maestro provisions. */
    public static List<String> supportedComponentNames() {
        return COMPONENTS.stream().filter(c -> c.status() == Status.SUPPORTED).map(KeySpec::name).toList();
    }

    @SafeVarargs
    private static List<KeySpec> concat(List<KeySpec>... parts) {
        List<KeySpec> all = new ArrayList<>();
        for (List<KeySpec> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }
}
