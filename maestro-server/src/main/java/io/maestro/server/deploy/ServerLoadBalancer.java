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
import io.maestro.model.MaestroException;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.LoadBalancerComponent;
import io.maestro.model.manifest.ServerRef;
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
import io.maestro.store.server.Server;
import io.maestro.store.server.ServerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code configure load balancer} step of a cluster deployment whose manifest has a
 * {@code load_balancer} component: nginx (or HAProxy) on a registered server, in front of the
 * cluster's nodes.
 *
 * <ul>
 *   <li>Server: the load_balancer's first {@code servers} entry ({@code server: {unique_name}} or
 *       {@code same_as} leading to one), else the environment's {@code server} setting, else the only
 *       registered server: as {@link HostComponents} places data stores. Never this host unless that
 *       server is this host ({@code maestro servers add NAME --local}).</li>
 *   <li>Backends: every web port's upstream is each schedulable node's InternalIP × the node port the
 *       cluster allocated on {@code <service>-lb} ({@link NodePortServices}), read back after the
 *       rollout; a node added or removed changes the upstreams on the next deploy.</li>
 *   <li>TLS: the stored certificate covering the service's hosts, else a leaf of the development CA
 *       for the hosts, {@code localhost}, {@code 127.0.0.1} and the server's address (kept under
 *       {@code MAESTRO_HOME/tls/leaves}); http redirects to https when a port maps both.</li>
 *   <li>Listen ports: exactly those service.yml declares (80/443 in {@code 3000:80:443}), on every
 *       address of the server. TCP/UDP ports stay on the cluster's {@code <service>-l4} Service.</li>
 *   <li>Apply: nginx/HAProxy installed when missing, then render, validate with the real binary,
 *       swap, reload, through the server's {@link HostExecutor} (SSH with the recorded host key).</li>
 * </ul>
 * Files on the server: {@code /var/lib/maestro/lb/APP-ENV/} (a {@code --local} server:
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

    /** Whether a cluster deployment of the environment configures a load balancer on a server. */
    static boolean wanted(AppDefinition definition, String environment) {
        return NodePortServices.wanted(definition.manifest().forEnvironment(environment));
    }

    /**
     * Configures the environment's load balancer on its server; returns the entry points.
     *
     * @throws DeployException naming the server and what to do
     */
    List<String> configure(AppDefinition definition, String application, String environment, KubernetesClient client,
            String namespace, Consumer<String> log, List<String> notes) {
        EnvironmentManifest manifest = definition.manifest().forEnvironment(environment);
        Server server = server(manifest, application, environment);
        List<String> nodes = nodeAddresses(client, server);
        Map<String, Map<Integer, Integer>> nodePorts = nodePorts(definition, client, namespace, server);
        LoadBalancerFiles files = files(server, application, environment);
        try (HostExecutor host = executors.apply(server.name())) {
            DevelopmentCa[] ca = new DevelopmentCa[1];
            PlannerOptions options = PlannerOptions.defaults(files).withListenAddress(LISTEN_ADDRESS);
            LoadBalancerSpec planned = LoadBalancerPlanner.plan(definition.services(), manifest,
                    (service, containerPort) -> backends(nodes, nodePorts, service, containerPort),
                    (service, hosts) -> Optional.of(certificate(host, files, server, ca, service, hosts, log)),
                    options);
            LoadBalancerSpec spec = webOnly(planned);
            if (spec.sites().isEmpty()) {
                notes.add("no service maps an http or https port: nothing for the load balancer on " + server.name());
                return List.of();
            }
            if (!planned.streams().isEmpty()) {
                log.accept("load balancer: tcp/udp ports stay on the cluster's <service>-l4 Services, not on server "
                        + server.name());
            }
            if (ProxyInstaller.ensureInstalled(host, spec.engine())) {
                log.accept("installed " + engineName(spec) + " on server " + server.name());
            }
            LoadBalancerStep.activate(host, files, spec, LoadBalancerStep.nginxOptions(runsAsRoot(server)));
            for (Upstream upstream : spec.upstreams()) {
                log.accept("load balancer upstream " + upstream.name() + ": " + String.join(", ",
                        upstream.backends().stream().map(b -> b.address() + ":" + b.port()).toList()));
            }
            List<String> entryPoints = entryPoints(spec, address(server));
            notes.add(engineName(spec) + " on server " + server.name() + " serving " + String.join(", ", entryPoints)
                    + " -> " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s"));
            return entryPoints;
        } catch (DeployException e) {
            throw e;
        } catch (MaestroException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new DeployException(DeployException.Reason.CONFLICT, "load balancer on server '" + server.name() + "' ("
                    + server.address() + "): " + e.getMessage()
                    + "\n(hint: maestro servers exec " + server.name() + " -- ls " + files.prefix()
                    + " shows its files; the previous configuration, if any, keeps serving)", e);
        }
    }

    // --- where -----------------------------------------------------------------------------------

    /** The registered server the load balancer goes to (see the class comment). */
    Server server(EnvironmentManifest manifest, String application, String environment) {
        LoadBalancerComponent lb = manifest.optionalLoadBalancer().orElseThrow();
        if (lb.servers().isEmpty()) {
            Optional<String> chosen = store.environmentSettings().server(application, environment);
            if (chosen.isPresent()) {
                return registered(chosen.get(), "the server setting of environment " + environment);
            }
            List<Server> all = store.servers().list();
            if (all.size() == 1) {
                return all.get(0);
            }
            String hint = " place it in manifest.yml (load_balancer: servers: [{server: {unique_name: NAME}}]) or set"
                    + " the environment's server: PUT /api/v1/apps/" + application + "/environments/" + environment
                    + " {\"server\": NAME}";
            if (all.isEmpty()) {
                throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer has no server in the manifest"
                        + " and no server is registered; register one (maestro servers add NAME --ssh USER@HOST --key FILE)"
                        + " and" + hint);
            }
            throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer has no server in the manifest and "
                    + all.size() + " servers are registered (" + String.join(", ", all.stream().map(Server::name).toList())
                    + "); choose one:" + hint);
        }
        return switch (lb.servers().get(0)) {
            case ServerRef.Server s -> registered(s.uniqueName(), "the manifest's load_balancer server unique_name");
            case ServerRef.SameAs sameAs -> registered(follow(manifest, sameAs), "reached through same_as " + sameAs.target());
            case ServerRef.External external -> throw new DeployException(DeployException.Reason.CONFLICT,
                    "the load_balancer is on server: external, which Maestro does not configure; place it on a registered"
                            + " server (load_balancer: servers: [{server: {unique_name: NAME}}]) or remove the load_balancer"
                            + " component to use the cluster's Ingress");
        };
    }

    private Server registered(String name, String why) {
        return store.servers().find(name).orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT,
                "the load_balancer is placed on server '" + name + "' (" + why + "), which is not registered;"
                        + " register it first: maestro servers add " + name + " --ssh USER@HOST[:PORT] --key FILE"
                        + " (or maestro servers add " + name + " --local for this machine)"));
    }

    /** Follows {@code same_as} through the environment's named server entries to a server definition. */
    private static String follow(EnvironmentManifest manifest, ServerRef.SameAs start) {
        List<ServerRef> all = new ArrayList<>();
        manifest.optionalDocker().ifPresent(d -> all.addAll(d.servers()));
        manifest.optionalLoadBalancer().ifPresent(l -> all.addAll(l.servers()));
        for (DataStoreComponent component : manifest.dataStores().values()) {
            all.addAll(component.servers());
            component.groups().values().forEach(g -> all.addAll(g.servers()));
        }
        Map<String, ServerRef> byName = new LinkedHashMap<>();
        for (ServerRef ref : all) {
            switch (ref) {
                case ServerRef.Server s when !s.uniqueName().isEmpty() -> byName.putIfAbsent(s.uniqueName(), s);
                case ServerRef.SameAs s when s.alias() != null -> byName.putIfAbsent(s.alias(), s);
                default -> { }
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        String name = start.target();
        while (seen.add(name)) {
            ServerRef target = byName.get(name);
            if (target instanceof ServerRef.Server s) {
                return s.uniqueName();
            }
            if (!(target instanceof ServerRef.SameAs hop)) {
                break;
            }
            name = hop.target();
        }
        throw new DeployException(DeployException.Reason.CONFLICT, "the load_balancer's same_as " + start.target()
                + " leads to no server definition (followed " + String.join(" -> ", seen) + ")");
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
    static List<String> nodeAddresses(KubernetesClient client, Server server) {
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
            throw new DeployException(DeployException.Reason.CONFLICT, "the load balancer on server '" + server.name()
                    + "' needs the cluster's nodes, but no schedulable node reports an InternalIP address"
                    + " (hint: kubectl get nodes -o wide; uncordon a node)");
        }
        return List.copyOf(addresses);
    }

    /**
     * Per service, container port → node port of {@code <service>-lb}. A real API server allocates
     * node ports when the Service is created; this waits (briefly) for one that has not yet.
     */
    private Map<String, Map<Integer, Integer>> nodePorts(AppDefinition definition, KubernetesClient client, String namespace,
            Server server) {
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
                throw new DeployException(DeployException.Reason.CONFLICT, "the load balancer on server '" + server.name()
                        + "' cannot reach the pods: " + missing + " after " + nodePortWait.toSeconds() + " s"
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

    private TlsCertificate certificate(HostExecutor host, LoadBalancerFiles files, Server server, DevelopmentCa[] ca,
            String service, List<String> hosts, Consumer<String> log) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(hosts.stream().filter(h -> !h.equals("_")).toList()));
        Optional<CertificateBundle> stored = LoadBalancerStep.storedCertificate(store, names);
        if (stored.isPresent()) {
            log.accept(service + ": https with the stored certificate for " + String.join(", ", names));
            return CertificateInstaller.install(host, files, service, stored.get(), names);
        }
        if (home == null) {
            throw new DeployException(DeployException.Reason.CONFLICT, "service '" + service + "' serves https on server '"
                    + server.name() + "' but no stored certificate covers " + (names.isEmpty() ? "it" : String.join(", ", names))
                    + " and this control plane has no MAESTRO_HOME for its development CA"
                    + " (hint: maestro certificates add NAME --cert FILE --key FILE)");
        }
        if (ca[0] == null) {
            ca[0] = DevelopmentCaFiles.loadOrCreate(home.resolve("tls"));
        }
        for (String extra : List.of("localhost", "127.0.0.1", address(server))) {
            if (!names.contains(extra)) {
                names.add(extra);
            }
        }
        log.accept(service + ": https with a development certificate for " + String.join(", ", names)
                + " (trust " + LoadBalancerStep.caCertificate(home) + ")");
        return CertificateInstaller.install(host, files, service + "-dev",
                LoadBalancerStep.developmentLeaves(home, ca[0]).issueOrReuse(names), names);
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
