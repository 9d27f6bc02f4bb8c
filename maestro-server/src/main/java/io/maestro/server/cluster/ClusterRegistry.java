package io.maestro.server.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.maestro.kube.KubeClients;
import io.maestro.kube.KubeException;
import io.maestro.model.MaestroException;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.cluster.Cluster;
import io.maestro.store.cluster.ClusterDao;
import io.maestro.store.cluster.NewCluster;
import io.maestro.store.db.ConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kubernetes clusters Maestro deploys to: registered with their kubeconfig (kept encrypted
 * in the store), inspected on demand, removed when no environment uses them, and opened as
 * clients for the deploy engine ({@link ClusterConnector}).
 *
 * <pre>{@code
 * ClusterRegistry clusters = new ClusterRegistry(store, ClusterUsage.NONE);
 * clusters.add("prod", kubeconfigText, Optional.empty(), actor);   // connects once, then stores
 * try (KubernetesClient client = clusters.connect("prod")) { ... }
 * }</pre>
 *
 * <p>Adding a cluster connects to it first and lists its nodes: a kubeconfig that does not parse,
 * names a missing context, or reaches no API server (or one that refuses its credentials) is
 * refused with the reason, and nothing is stored. Every change is audited in the same
 * transaction; the kubeconfig never appears in the audit log, in messages or in answers.
 */
public final class ClusterRegistry implements ClusterConnector {

    /** How long one Kubernetes API request may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final int PROBE_RETRIES = 1;
    private static final int PROBE_RETRY_INTERVAL_MILLIS = 200;

    /** Cluster names appear in URLs, CLI tables and environment settings: a DNS label. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Store store;
    private final ClusterUsage usage;
    private final Duration requestTimeout;

    public ClusterRegistry(Store store, ClusterUsage usage) {
        this(store, usage, REQUEST_TIMEOUT);
    }

    public ClusterRegistry(Store store, ClusterUsage usage, Duration requestTimeout) {
        this.store = store;
        this.usage = usage;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Registers a cluster after connecting to it once.
     *
     * @param context the kubeconfig context to use; empty for its current context
     * @throws InvalidClusterException for a bad name, kubeconfig or context
     * @throws ClusterUnreachableException when the API server cannot be reached or refuses to list nodes
     * @throws ConflictException when the name is taken
     */
    public Cluster add(String name, String kubeconfig, Optional<String> context, Actor actor) {
        checkName(name);
        if (store.clusters().find(name).isPresent()) {
            throw new ConflictException("cluster '" + name + "' already exists (remove it first to replace its kubeconfig)");
        }
        KubeconfigTarget target = KubeconfigTarget.resolve(kubeconfig, context);
        int nodes = nodes(name, kubeconfig, target).size();
        return store.inTransaction(() -> {
            Cluster added = store.clusters().add(new NewCluster(name, target.context(), target.server(), kubeconfig, actor.name()));
            store.audit().record(actor, "cluster.add", name, "context " + target.context() + ", server "
                    + target.server() + ", " + nodes + " node" + (nodes == 1 ? "" : "s"));
            return added;
        });
    }

    /** Every registered cluster, by name. */
    public List<Cluster> list() {
        return store.clusters().list();
    }

    /** The registered clusters' names: with exactly one, environments that name none deploy to it. */
    @Override
    public List<String> clusterNames() {
        return list().stream().map(Cluster::name).toList();
    }

    /**
     * The cluster with what its API server says now: nodes, masters and the HA assessment; when
     * it cannot be reached, the reason instead.
     *
     * @throws io.maestro.store.db.NotFoundException when no cluster has that name
     */
    public ClusterInspection inspect(String name) {
        Cluster cluster = store.clusters().require(name);
        try {
            return ClusterInspection.of(cluster, nodes(name, kubeconfig(name), new KubeconfigTarget(cluster.context(), cluster.server())));
        } catch (ClusterUnreachableException | InvalidClusterException e) {
            return ClusterInspection.unreachable(cluster, e.getMessage());
        }
    }

    /**
     * Removes the cluster and its kubeconfig.
     *
     * @throws ConflictException when an environment still deploys to it
     * @throws io.maestro.store.db.NotFoundException when no cluster has that name
     */
    public void remove(String name, Actor actor) {
        Cluster cluster = store.clusters().require(name);
        List<String> users = usage.environmentsUsing(name);
        if (!users.isEmpty()) {
            throw new ConflictException("cluster '" + name + "' is used by " + (users.size() == 1 ? "environment " : "environments ")
                    + String.join(", ", users) + "; point " + (users.size() == 1 ? "it" : "them")
                    + " at another cluster first (PUT /api/v1/apps/APP/environments/ENV)");
        }
        store.inTransaction(() -> {
            if (store.clusters().delete(name)) {
                store.audit().record(actor, "cluster.remove", name, "context " + cluster.context() + ", server " + cluster.server());
            }
            return null;
        });
    }

    /** A client for the registered cluster, through its stored context; the caller closes it. */
    @Override
    public KubernetesClient connect(String clusterName) {
        Cluster cluster = store.clusters().require(clusterName);
        return open(clusterName, kubeconfig(clusterName), cluster.context());
    }

    private String kubeconfig(String name) {
        return store.clusters().kubeconfig(name).orElseThrow(() -> ClusterDao.notFound(name));
    }

    private KubernetesClient open(String name, String kubeconfig, String context) {
        try {
            return KubeClients.fromKubeconfig(kubeconfig, Optional.of(context), requestTimeout);
        } catch (MaestroException e) {
            // The cause's message may quote the kubeconfig (a YAML parser shows the text around an error).
            throw new InvalidClusterException("cluster '" + name + "': the stored kubeconfig cannot be opened with context "
                    + context + "; remove the cluster and add it again");
        }
    }

    /**
     * Lists the nodes through a client that retries once: fabric8 retries a failed request ten
     * times with exponential backoff by default, which would keep a user waiting about 20 seconds
     * to learn that a cluster is unreachable.
     */
    private List<ClusterNode> nodes(String name, String kubeconfig, KubeconfigTarget target) {
        Config config;
        try (KubernetesClient client = open(name, kubeconfig, target.context())) {
            config = new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(PROBE_RETRIES)
                    .withRequestRetryBackoffInterval(PROBE_RETRY_INTERVAL_MILLIS)
                    .build();
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return client.nodes().list().getItems().stream().map(ClusterNode::from).toList();
        } catch (KubernetesClientException e) {
            throw new ClusterUnreachableException(name, "cannot reach cluster '" + name + "' at " + target.server()
                    + " (context " + target.context() + "): " + KubeException.of("list nodes", null, e).getMessage(), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidClusterException("name: expected a lowercase name of letters, digits and '-'"
                    + " (at most 63 characters, starting and ending with a letter or digit), got "
                    + (name == null ? "none" : "'" + name + "'"));
        }
    }
}
