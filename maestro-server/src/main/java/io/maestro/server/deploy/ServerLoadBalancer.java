package io.maestro.server.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.lb.ProxyInstaller;
import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.CertificateInstaller;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import io.maestro.hosts.lb.tls.DevelopmentCaFiles;
import io.maestro.model.AppDefinition;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.service.Service;
import io.maestro.plan.kube.NodePortServices;
import io.maestro.plan.lb.Backend;
import io.maestro.plan.lb.HttpSite;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.plan.lb.LoadBalancerPlanner;
import io.maestro.plan.lb.LoadBalancerSpec;
import io.maestro.plan.lb.PlannerOptions;
import io.maestro.plan.lb.SiteScheme;
import io.maestro.plan.lb.TlsCertificate;
import io.maestro.plan.lb.Upstream;
import io.maestro.server.hosts.ServerRegistry;
import io.maestro.store.Store;
import io.maestro.store.deploy.LoadBalancerServer;
import io.maestro.store.server.Server;
import io.maestro.store.server.ServerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code configure load balancer} step of a cluster deployment whose manifest has a
 * {@code load_balancer} component: nginx (or HAProxy) on registered servers, in front of the
 * cluster's nodes.
 *
 * <ul>
 *   <li>Servers: every entry of the load_balancer's {@code servers}, or one chosen as for data
 *       stores ({@link LoadBalancerServers}). Each gets the same configuration, configured at the
 *       same time; clients spread over them by DNS. Never this host unless a server is this host
 *       ({@code maestro servers add NAME --local}).</li>
 *   <li>Backends: every web port's upstream is each schedulable node's InternalIP × the node port the
 *       cluster allocated on {@code <service>-lb} ({@link NodePortServices}), read back after the
 *       rollout; a node added or removed changes the upstreams on the next deploy.</li>
 *   <li>TLS: the stored certificate covering the service's hosts, else one leaf of the development
 *       CA for the hosts, {@code localhost}, {@code 127.0.0.1} and every load balancer server's
 *       address (kept under {@code MAESTRO_HOME/tls/leaves}); http redirects to https when a port
 *       maps both.</li>
 *   <li>Listen ports: exactly those service.yml declares (80/443 in {@code 3000:80:443}), on every
 *       address of the server. TCP/UDP ports stay on the cluster's {@code <service>-l4} Service.</li>
 *   <li>Apply: nginx/HAProxy installed when missing, then render, validate with the real binary,
 *       swap, reload, through each server's {@link HostExecutor} (SSH with the recorded host key).</li>
 *   <li>State: each server is recorded ({@code load_balancer_servers}) before it is configured. A
 *       recorded server that is no longer chosen (dropped from {@code servers}, or the whole
 *       load_balancer removed) has its proxy stopped and is forgotten; its files stay.</li>
 * </ul>
 * A server that fails does not stop the others: the step configures every server it can, then
 * fails naming each server that did not take the configuration (those keep their previous one).
 * Files on a server: {@code /var/lib/maestro/lb/APP-ENV/} (a {@code --local} server:
 * {@code MAESTRO_HOME/lb/APP-ENV/}); {@code custom/} there is the user's.
 */
final class ServerLoadBalancer {

    /** Where the load balancer's prefix folders are on a remote server. */
    static final String SERVER_PREFIX = "/var/lib/maestro/lb";
    private static final String LISTEN_ADDRESS = "0.0.0.0";

    private final Store store;
    private final Path home;
    private final Function<String, HostExecutor> executors;
    private final Duration nodePortWait;

    /** @param home MAESTRO_HOME (development CA, files of a {@code --local} server); may be {@code null} */
    ServerLoadBalancer(Store store, Path home) {
        this(store, home, new ServerRegistry(store, new ObjectMapper(), Clock.systemUTC())::executor, Duration.ofSeconds(30));
    }

    ServerLoadBalancer(Store store, Path home, Function<String, HostExecutor> executors, Duration nodePortWait) {
        this.store = store;
        this.home = home == null ? null : home.toAbsolutePath().normalize();
        this.executors = executors;
        this.nodePortWait = nodePortWait;
    }

    /** Whether a cluster deployment of the environment configures a load balancer on servers. */
    static boolean wanted(AppDefinition definition, String environment) {
        return NodePortServices.wanted(definition.manifest().forEnvironment(environment));
    }

    /** Whether the step runs: a load balancer is wanted, or an earlier deploy left one to stop. */
    static boolean needed(Store store, AppDefinition definition, String application, String environment) {
        return wanted(definition, environment) || !store.loadBalancerServers().list(application, environment).isEmpty();
    }

    /**
     * Configures the environment's load balancer on its servers and stops it where it is no longer
     * wanted; returns the entry points (https first).
     *
     * @throws DeployException naming each server that failed and what to do
     */
    List<String> configure(AppDefinition definition, String application, String environment, KubernetesClient client,
            String namespace, Consumer<String> log, List<String> notes) {
        if (!wanted(definition, environment)) {
            List<String> stopped = retire(application, environment, Set.of(), log);
            notes.add("no load_balancer in the manifest" + (stopped.isEmpty() ? "" : ": stopped on " + String.join(", ", stopped)));
            return List.of();
        }
        EnvironmentManifest manifest = definition.manifest().forEnvironment(environment);
        List<Server> servers = new LoadBalancerServers(store).resolve(manifest, application, environment);
        Set<String> names = new LinkedHashSet<>(servers.stream().map(Server::name).toList());
        boolean anyWebPort = definition.services().services().values().stream()
                .anyMatch(s -> !NodePortServices.webContainerPorts(s).isEmpty());
        if (!anyWebPort) {
            List<String> stopped = retire(application, environment, Set.of(), log);
            notes.add("no service maps an http or https port: nothing for the load balancer"
                    + (stopped.isEmpty() ? "" : "; stopped on " + String.join(", ", stopped)));
            return List.of();
        }
        String where = describe(servers);
        List<String> nodes = nodeAddresses(client, where);
        Map<String, Map<Integer, Integer>> nodePorts = nodePorts(definition, client, namespace, where);
        for (Server server : servers) {
            store.loadBalancerServers().record(application, environment, server.name(),
                    files(server, application, environment).prefix());
        }
        Certificates certificates = new Certificates(servers, log);
        Map<Server, Future<LoadBalancerSpec>> running = new LinkedHashMap<>();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Server server : servers) {
                running.put(server, parallel.submit(() -> configureOn(server, definition, manifest, application, environment,
                        nodes, nodePorts, certificates, log)));
            }
        }
        Map<Server, LoadBalancerSpec> configured = new LinkedHashMap<>();
        Map<Server, DeployException> failures = new LinkedHashMap<>();
        running.forEach((server, outcome) -> {
            try {
                configured.put(server, outcome.get());
            } catch (ExecutionException e) {
                failures.put(server, e.getCause() instanceof DeployException d ? d
                        : failure(server, application, environment, e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(server, new DeployException(DeployException.Reason.CONFLICT, "the control plane stopped while"
                        + " configuring the load balancer on server '" + server.name() + "'"));
            }
        });
        List<String> stopped = retire(application, environment, names, log);
        if (!failures.isEmpty()) {
            throw combined(failures, configured.keySet());
        }
        LoadBalancerSpec spec = configured.values().iterator().next();
        for (Upstream upstream : spec.upstreams()) {
            log.accept("load balancer upstream " + upstream.name() + ": " + String.join(", ",
                    upstream.backends().stream().map(b -> b.address() + ":" + b.port()).toList()));
        }
        Set<String> entryPoints = new LinkedHashSet<>();
        configured.forEach((server, served) -> entryPoints.addAll(entryPoints(served, address(server))));
        List<String> ordered = new ArrayList<>(entryPoints.stream().filter(u -> u.startsWith("https:")).toList());
        entryPoints.stream().filter(u -> !u.startsWith("https:")).forEach(ordered::add);
        notes.add(engineName(spec) + " on " + where + " serving " + String.join(", ", ordered) + " -> " + nodes.size()
                + " node" + (nodes.size() == 1 ? "" : "s") + (stopped.isEmpty() ? "" : "; stopped on " + String.join(", ", stopped)));
        return ordered;
    }

    /** Plans the spec with {@code server}'s certificates, installs the proxy when missing, activates it; returns the spec. */
    private LoadBalancerSpec configureOn(Server server, AppDefinition definition, EnvironmentManifest manifest,
            String application, String environment, List<String> nodes, Map<String, Map<Integer, Integer>> nodePorts,
            Certificates certificates, Consumer<String> log) {
        LoadBalancerFiles files = files(server, application, environment);
        try (HostExecutor host = executors.apply(server.name())) {
            PlannerOptions options = PlannerOptions.defaults(files).withListenAddress(LISTEN_ADDRESS);
            LoadBalancerSpec planned = LoadBalancerPlanner.plan(definition.services(), manifest,
                    (service, containerPort) -> backends(nodes, nodePorts, service, containerPort),
                    (service, hosts) -> Optional.of(certificates.installOn(host, files, service, hosts)),
                    options);
            LoadBalancerSpec spec = webOnly(planned);
            if (!planned.streams().isEmpty()) {
                log.accept("load balancer on server " + server.name() + ": tcp/udp ports stay on the cluster's"
                        + " <service>-l4 Services");
            }
            if (ProxyInstaller.ensureInstalled(host, spec.engine())) {
                log.accept("installed " + engineName(spec) + " on server " + server.name());
            }
            LoadBalancerStep.activate(host, files, spec, LoadBalancerStep.nginxOptions(runsAsRoot(server)));
            log.accept("load balancer on server " + server.name() + " (" + address(server) + ") serves the new configuration");
            return spec;
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(server, application, environment, e);
        }
    }

    private DeployException failure(Server server, String application, String environment, Throwable cause) {
        LoadBalancerFiles files = files(server, application, environment);
        return new DeployException(DeployException.Reason.CONFLICT, "load balancer on server '" + server.name() + "' ("
                + server.address() + "): " + cause.getMessage()
                + "\n(hint: maestro servers exec " + server.name() + " -- ls " + files.prefix()
                + " shows its files; the previous configuration, if any, keeps serving)", cause);
    }

    /**
     * One server's failure as it is, several as a list. The first line (the deployment's detail)
     * names every failed server and says which servers took the configuration; the rest (in the
     * log) keeps each failure's hint.
     */
    private static DeployException combined(Map<Server, DeployException> failures, Set<Server> configured) {
        String done = configured.isEmpty() ? "" : "; the load balancer on " + describe(List.copyOf(configured))
                + " serves the new configuration";
        List<DeployException> causes = List.copyOf(failures.values());
        if (causes.size() == 1) {
            String message = causes.get(0).getMessage();
            int lineEnd = message.indexOf('\n');
            String first = lineEnd < 0 ? message : message.substring(0, lineEnd);
            String rest = lineEnd < 0 ? "" : message.substring(lineEnd);
            return new DeployException(DeployException.Reason.CONFLICT, first + done + rest, causes.get(0));
        }
        StringBuilder message = new StringBuilder("the load balancer failed on " + describe(List.copyOf(failures.keySet()))
                + done + ":");
        causes.forEach(f -> message.append("\n- ").append(f.getMessage().replace("\n", "\n  ")));
        DeployException combined = new DeployException(DeployException.Reason.CONFLICT, message.toString(), causes.get(0));
        causes.subList(1, causes.size()).forEach(combined::addSuppressed);
        return combined;
    }

    /**
     * Stops the load balancer on every recorded server not in {@code keep} and forgets it; returns
     * their names. A server that cannot be reached stays recorded (the next deploy tries again); one
     * no longer registered is forgotten with a warning.
     */
    private List<String> retire(String application, String environment, Set<String> keep, Consumer<String> log) {
        List<String> stopped = new ArrayList<>();
        for (LoadBalancerServer placed : store.loadBalancerServers().list(application, environment)) {
            if (keep.contains(placed.server())) {
                continue;
            }
            if (store.servers().find(placed.server()).isEmpty()) {
                log.accept("warning: server " + placed.server() + " ran this environment's load balancer but is no longer"
                        + " registered; forgetting it (if its proxy still runs, stop it there: files in " + placed.prefix() + ")");
                store.loadBalancerServers().delete(application, environment, placed.server());
                continue;
            }
            try (HostExecutor host = executors.apply(placed.server())) {
                LoadBalancerStep.stopAll(host, new LoadBalancerFiles(placed.prefix()));
                store.loadBalancerServers().delete(application, environment, placed.server());
                log.accept("stopped the load balancer on server " + placed.server() + ", which the manifest no longer"
                        + " names (its files stay in " + placed.prefix() + ")");
                stopped.add(placed.server());
            } catch (RuntimeException e) {
                log.accept("warning: could not stop the load balancer on server " + placed.server() + ": " + e.getMessage()
                        + "; it stays recorded and the next deploy tries again");
            }
        }
        return stopped;
    }

    /** The servers for the step's notes and errors: {@code server lb1} or {@code servers lb1, lb2}. */
    private static String describe(List<Server> servers) {
        return (servers.size() == 1 ? "server " : "servers ") + String.join(", ", servers.stream().map(Server::name).toList());
    }

    private LoadBalancerFiles files(Server server, String application, String environment) {
        String base = server.kind() == ServerKind.LOCAL && home != null ? home.resolve("lb").toString() : SERVER_PREFIX;
        return new LoadBalancerFiles(base + "/" + application + "-" + environment);
    }

    /** The address clients use for the server: its SSH host, {@code 127.0.0.1} for this host. */
    private static String address(Server server) {
        return server.kind() == ServerKind.LOCAL ? "127.0.0.1" : server.sshHost();
    }

    private static boolean runsAsRoot(Server server) {
        return server.kind() == ServerKind.LOCAL ? "root".equals(System.getProperty("user.name"))
                : "root".equals(server.sshUser());
    }

    // --- the cluster side ------------------------------------------------------------------------

    /** The InternalIP of every schedulable node, in the cluster's order. */
    static List<String> nodeAddresses(KubernetesClient client, String where) {
        List<String> addresses = new ArrayList<>();
        for (Node node : client.nodes().list().getItems()) {
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                continue;
            }
            if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
                continue;
            }
            node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                    .map(NodeAddress::getAddress).findFirst().ifPresent(addresses::add);
        }
        if (addresses.isEmpty()) {
            throw new DeployException(DeployException.Reason.CONFLICT, "the load balancer on " + where
                    + " needs the cluster's nodes, but no schedulable node reports an InternalIP address"
                    + " (hint: kubectl get nodes -o wide; uncordon a node)");
        }
        return List.copyOf(addresses);
    }

    /**
     * Per service, container port → node port of {@code <service>-lb}. A real API server allocates
     * node ports when the Service is created; this waits (briefly) for one that has not yet.
     */
    private Map<String, Map<Integer, Integer>> nodePorts(AppDefinition definition, KubernetesClient client, String namespace,
            String where) {
        long deadline = System.nanoTime() + nodePortWait.toNanos();
        while (true) {
            Map<String, Map<Integer, Integer>> result = new LinkedHashMap<>();
            String missing = null;
            for (Service service : definition.services().services().values()) {
                List<Integer> web = NodePortServices.webContainerPorts(service);
                if (web.isEmpty()) {
                    continue;
                }
                String name = NodePortServices.name(service.name());
                io.fabric8.kubernetes.api.model.Service live = client.services().inNamespace(namespace).withName(name).get();
                Map<Integer, Integer> ports = new LinkedHashMap<>();
                for (int containerPort : web) {
                    Integer nodePort = live == null || live.getSpec() == null || live.getSpec().getPorts() == null ? null
                            : live.getSpec().getPorts().stream()
                                    .filter(p -> NodePortServices.portName(containerPort).equals(p.getName()))
                                    .map(ServicePort::getNodePort).filter(p -> p != null && p > 0).findFirst().orElse(null);
                    if (nodePort == null) {
                        missing = "Service " + namespace + "/" + name + (live == null ? " does not exist"
                                : " has no nodePort for port " + NodePortServices.portName(containerPort));
                    } else {
                        ports.put(containerPort, nodePort);
                    }
                }
                result.put(service.name(), ports);
            }
            if (missing == null) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new DeployException(DeployException.Reason.CONFLICT, "the load balancer on " + where
                        + " cannot reach the pods: " + missing + " after " + nodePortWait.toSeconds() + " s"
                        + " (hint: kubectl -n " + namespace + " get services; the cluster must allocate NodePorts)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException(DeployException.Reason.CONFLICT, "the control plane stopped while waiting for node ports");
            }
        }
    }

    /** Web ports: every node at the port's node port. Other ports get a placeholder that {@link #webOnly} removes. */
    private static List<Backend> backends(List<String> nodes, Map<String, Map<Integer, Integer>> nodePorts, String service,
            int containerPort) {
        Integer nodePort = nodePorts.getOrDefault(service, Map.of()).get(containerPort);
        if (nodePort == null) {
            return List.of(new Backend("127.0.0.1", 1));
        }
        return nodes.stream().map(address -> new Backend(address, nodePort)).toList();
    }

    /** The spec without stream listeners and the upstreams no site uses. */
    private static LoadBalancerSpec webOnly(LoadBalancerSpec spec) {
        Set<String> used = new LinkedHashSet<>();
        spec.sites().stream().map(HttpSite::upstream).filter(u -> u != null).forEach(used::add);
        List<Upstream> upstreams = spec.upstreams().stream().filter(u -> used.contains(u.name())).toList();
        return new LoadBalancerSpec(spec.engine(), spec.listenAddress(), spec.files(), spec.balance(), spec.healthCheck(),
                spec.keepaliveConnections(), upstreams, spec.sites(), spec.redirects(), List.of(), spec.tls(), spec.rateLimit(),
                spec.cors());
    }

    // --- TLS -------------------------------------------------------------------------------------

    /**
     * The certificate of each service, chosen once per step and installed on every server: the
     * stored certificate covering the service's hosts, else one development leaf valid on all the
     * load balancer servers' addresses (so every server presents the same leaf).
     */
    private final class Certificates {

        private record Choice(String fileName, CertificateBundle bundle, List<String> names) {}

        private final List<Server> servers;
        private final Consumer<String> log;
        private final Map<String, Choice> chosen = new HashMap<>();
        private DevelopmentCa ca;

        Certificates(List<Server> servers, Consumer<String> log) {
            this.servers = servers;
            this.log = log;
        }

        TlsCertificate installOn(HostExecutor host, LoadBalancerFiles files, String service, List<String> hosts) {
            Choice choice = choose(service, hosts);
            return CertificateInstaller.install(host, files, choice.fileName(), choice.bundle(), choice.names());
        }

        private synchronized Choice choose(String service, List<String> hosts) {
            String key = service + " " + String.join(",", hosts);
            Choice known = chosen.get(key);
            if (known != null) {
                return known;
            }
            List<String> names = new ArrayList<>(new LinkedHashSet<>(hosts.stream().filter(h -> !h.equals("_")).toList()));
            Optional<CertificateBundle> stored = LoadBalancerStep.storedCertificate(store, names);
            Choice choice;
            if (stored.isPresent()) {
                log.accept(service + ": https with the stored certificate for " + String.join(", ", names));
                choice = new Choice(service, stored.get(), names);
            } else {
                if (home == null) {
                    throw new DeployException(DeployException.Reason.CONFLICT, "service '" + service + "' serves https on "
                            + describe(servers) + " but no stored certificate covers "
                            + (names.isEmpty() ? "it" : String.join(", ", names))
                            + " and this control plane has no MAESTRO_HOME for its development CA"
                            + " (hint: maestro certificates add NAME --cert FILE --key FILE)");
                }
                if (ca == null) {
                    ca = DevelopmentCaFiles.loadOrCreate(home.resolve("tls"));
                }
                List<String> extras = new ArrayList<>(List.of("localhost", "127.0.0.1"));
                servers.forEach(server -> extras.add(address(server)));
                extras.stream().filter(extra -> !names.contains(extra)).forEach(names::add);
                log.accept(service + ": https with a development certificate for " + String.join(", ", names)
                        + " (trust " + LoadBalancerStep.caCertificate(home) + ")");
                choice = new Choice(service + "-dev", LoadBalancerStep.developmentLeaves(home, ca).issueOrReuse(names), names);
            }
            chosen.put(key, choice);
            return choice;
        }
    }

    // --- results ---------------------------------------------------------------------------------

    private static List<String> entryPoints(LoadBalancerSpec spec, String address) {
        List<String> https = new ArrayList<>();
        List<String> http = new ArrayList<>();
        for (HttpSite site : spec.sites()) {
            String host = site.hosts().stream().filter(h -> !h.equals("_") && !h.contains("*")).findFirst().orElse(address);
            boolean secure = site.scheme() == SiteScheme.HTTPS;
            boolean standard = secure ? site.port() == 443 : site.port() == 80;
            String url = (secure ? "https" : "http") + "://" + host + (standard ? "" : ":" + site.port()) + "/";
            (secure ? https : http).add(url);
        }
        List<String> all = new ArrayList<>(new LinkedHashSet<>(https));
        new LinkedHashSet<>(http).forEach(all::add);
        return all;
    }

    private static String engineName(LoadBalancerSpec spec) {
        return spec.engine().name().toLowerCase(Locale.ROOT);
    }
}
