package io.maestro.server.deploy;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.lb.HaproxyRuntime;
import io.maestro.hosts.lb.LoadBalancer;
import io.maestro.hosts.lb.NginxRuntime;
import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.CertificateInstaller;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import io.maestro.hosts.lb.tls.DevelopmentCaFiles;
import io.maestro.local.LocalStatus;
import io.maestro.local.PublishedPort;
import io.maestro.model.AppDefinition;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.plan.lb.Backend;
import io.maestro.plan.lb.HostRedirect;
import io.maestro.plan.lb.HttpSite;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.plan.lb.LoadBalancerPlanner;
import io.maestro.plan.lb.LoadBalancerSpec;
import io.maestro.plan.lb.PlannerOptions;
import io.maestro.plan.lb.SiteScheme;
import io.maestro.plan.lb.StreamListener;
import io.maestro.plan.lb.TlsCertificate;
import io.maestro.plan.lb.nginx.NginxOptions;
import io.maestro.store.Store;
import io.maestro.store.deploy.LoadBalancerPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code configure load balancer} step of a local-target deployment: nginx (or HAProxy when
 * the manifest's {@code load_balancer} chooses it) in front of the services' published ports.
 *
 * <ul>
 *   <li>Plan: {@link LoadBalancerPlanner} over the definition (ports, {@code traffic_matches}, the
 *       manifest's load_balancer settings). Backends are the ports the local runtime publishes for
 *       each service ({@link LocalStatus}); its proxy spreads them over the ready replicas.</li>
 *   <li>TLS: every web port is served over HTTPS with a certificate for the service's
 *       {@code traffic_matches} hosts, {@code localhost} and {@code 127.0.0.1}, issued by the
 *       development CA kept in {@code MAESTRO_HOME/tls} (the leaf is kept in {@code tls/leaves} and
 *       reused while valid for more than 30 days); a stored certificate covering the hosts
 *       ({@link #storedCertificate}) is preferred; plain HTTP answers 301 to HTTPS.</li>
 *   <li>Listen ports: for each declared port and scheme, the first http port gets 80 and the first
 *       https port 443 when they are free and Maestro runs as root, every other one a free port. The
 *       choice is recorded ({@code load_balancer_ports}), so entry points survive redeploys and
 *       control-plane restarts.</li>
 *   <li>Apply: render, validate with the real binary, swap, reload ({@link LoadBalancer}). An
 *       invalid result keeps the old configuration serving and fails the step with the validator's
 *       message. The user's files under {@code PREFIX/custom/} are included and never written.</li>
 * </ul>
 *
 * Files: {@code MAESTRO_HOME/lb/APP-ENV/} ({@link LoadBalancerFiles}).
 */
final class LoadBalancerStep {

    /** The step's name in the deployment journal. */
    static final String NAME = "configure load balancer";

    /**
     * Whether 80/443 are tried first ({@code true} unless the system property
     * {@code maestro.lb.standardPorts} is {@code false}: tests never take fixed ports).
     */
    private static final boolean STANDARD_PORTS = Boolean.parseBoolean(System.getProperty("maestro.lb.standardPorts", "true"));
    private static final String LISTEN_ADDRESS = "0.0.0.0";

    private final Store store;
    private final Path home;
    private final HostExecutor host;

    LoadBalancerStep(Store store, Path home, HostExecutor host) {
        this.store = store;
        this.home = home.toAbsolutePath().normalize();
        this.host = host;
    }

    /** The load balancer of the local target's host (files and CA under its MAESTRO_HOME). */
    static LoadBalancerStep forLocal(Store store, LocalTarget local) {
        return new LoadBalancerStep(store, local.home(), new io.maestro.hosts.exec.LocalExecutor());
    }

    /** Where the development CA's certificate is, for {@code curl --cacert}. */
    static Path caCertificate(Path home) {
        return DevelopmentCaFiles.certificate(home.toAbsolutePath().normalize().resolve("tls"));
    }

    /** The load balancer's prefix directory for one environment. */
    LoadBalancerFiles files(String application, String environment) {
        return new LoadBalancerFiles(home.resolve("lb").resolve(application + "-" + environment).toString());
    }

    /**
     * Renders, validates and activates the environment's load balancer; returns its entry points
     * (https first). Nothing to balance (no external port): the running one is stopped.
     */
    List<String> configure(AppDefinition definition, String application, String environment, LocalStatus status,
            List<String> notes) {
        LoadBalancerFiles files = files(application, environment);
        boolean anyExternal = definition.services().services().values().stream()
                .flatMap(s -> s.ports().stream()).anyMatch(PortMapping::isExternal);
        if (!anyExternal) {
            stopAll(files);
            notes.add("no service publishes a port: no load balancer");
            return List.of();
        }
        DevelopmentCa ca = DevelopmentCaFiles.loadOrCreate(home.resolve("tls"));
        PlannerOptions options = PlannerOptions.defaults(files).withListenAddress(LISTEN_ADDRESS);
        LoadBalancerSpec planned = LoadBalancerPlanner.plan(definition.services(), definition.manifest().forEnvironment(environment),
                (service, containerPort) -> backends(status, service, containerPort),
                (service, hosts) -> Optional.of(certificate(files, ca, service, hosts)),
                options);
        LoadBalancerSpec spec = withListenPorts(withHttps(planned, files, ca), application, environment);
        activate(host, files, spec, nginxOptions(isRoot()));
        List<String> entryPoints = entryPoints(definition, store.loadBalancerPorts().list(application, environment));
        notes.add(spec.engine().name().toLowerCase(Locale.ROOT) + " serving " + String.join(", ", entryPoints));
        return entryPoints;
    }

    /** How nginx runs: workers as {@code www-data} when the master runs as root, else as the same user. */
    static NginxOptions nginxOptions(boolean root) {
        return root ? NginxOptions.DEBIAN : new NginxOptions(Optional.empty(), NginxOptions.DEBIAN.streamModule(),
                NginxOptions.DEBIAN.workerConnections());
    }

    /**
     * Applies {@code spec} on {@code host} from {@code files}' prefix: when the prefix last ran the
     * other engine, that proxy is stopped first (it holds the ports and the shared pid file); the
     * engine is recorded in {@code PREFIX/engine}; then render, validate, swap, reload.
     */
    static void activate(HostExecutor host, LoadBalancerFiles files, LoadBalancerSpec spec, NginxOptions nginx) {
        String engine = spec.engine().name().toLowerCase(Locale.ROOT);
        Optional<String> previous = recordedEngine(host, files);
        if (previous.isPresent() && !previous.get().equals(engine)) {
            stopAll(host, files);
        }
        host.run(Command.of("mkdir", "-p", files.prefix())).requireSuccess();
        host.writeFile(files.file("engine"), engine.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0644);
        LoadBalancer.on(host, spec.engine(), files, nginx).apply(spec);
    }

    /** Stops the environment's load balancer; with {@code purge} also deletes its files and recorded ports. */
    void remove(String application, String environment, boolean purge) {
        LoadBalancerFiles files = files(application, environment);
        stopAll(files);
        if (purge) {
            host.run(Command.of("rm", "-rf", "--", files.prefix()));
            store.loadBalancerPorts().deleteAll(application, environment);
        }
    }

    /**
     * The entry points of an environment: per service, its https URL(s) then its http one(s) (which
     * redirect), on the recorded listen ports; the host is the service's first exact
     * {@code traffic_matches} name, else {@code 127.0.0.1}.
     */
    static Map<String, List<String>> entryPointsByService(AppDefinition definition, List<LoadBalancerPort> ports) {
        Map<String, Integer> listen = new HashMap<>();
        ports.forEach(p -> listen.put(p.scheme() + ":" + p.declaredPort(), p.listenPort()));
        Map<String, List<String>> result = new java.util.LinkedHashMap<>();
        for (Service service : definition.services().services().values()) {
            String hostName = service.trafficMatches().stream().filter(h -> !h.equals("_") && !h.contains("*"))
                    .findFirst().orElse("127.0.0.1");
            Set<String> https = new LinkedHashSet<>();
            Set<String> http = new LinkedHashSet<>();
            for (PortMapping port : service.ports()) {
                if (port.http() != null) {
                    // An http-only port is served over https on the port recorded for its http number.
                    Integer secure = listen.get("https:" + (port.https() != null ? port.https() : port.http()));
                    Integer plain = listen.get("http:" + port.http());
                    if (secure != null) {
                        https.add(url("https", hostName, secure));
                    }
                    if (plain != null) {
                        http.add(url("http", hostName, plain));
                    }
                } else if (port.https() != null && listen.containsKey("https:" + port.https())) {
                    https.add(url("https", hostName, listen.get("https:" + port.https())));
                }
            }
            List<String> urls = new ArrayList<>(https);
            urls.addAll(http);
            if (!urls.isEmpty()) {
                result.put(service.name(), urls);
            }
        }
        return result;
    }

    static List<String> entryPoints(AppDefinition definition, List<LoadBalancerPort> ports) {
        return entryPointsByService(definition, ports).values().stream().flatMap(List::stream).toList();
    }

    private static String url(String scheme, String hostName, int port) {
        boolean standard = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + hostName + (standard ? "" : ":" + port) + "/";
    }

    private static List<Backend> backends(LocalStatus status, String service, int containerPort) {
        List<Backend> backends = status.service(service).map(s -> s.ports().stream()
                .filter(p -> p.containerPort() == containerPort).map(PublishedPort::hostPort)
                .map(port -> new Backend("127.0.0.1", port)).toList()).orElse(List.of());
        if (backends.isEmpty()) {
            throw new DeployException(DeployException.Reason.CONFLICT, "service '" + service + "': container port "
                    + containerPort + " is not published on this host, so the load balancer has nothing to send it to"
                    + " (hint: the local target publishes a port mapping's http or tcp port; give it one)");
        }
        return backends;
    }

    /**
     * A certificate uploaded with {@code maestro certificates add} that covers every one of
     * {@code hosts} (exact names or a wildcard, see {@link io.maestro.server.tls.CertificateStore#forHost}),
     * preferred over the development CA. Empty when the service has no host names (only the
     * catch-all) or when no single stored certificate covers them all.
     */
    static Optional<CertificateBundle> storedCertificate(Store store, List<String> hosts) {
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        io.maestro.server.tls.CertificateStore certificates =
                new io.maestro.server.tls.CertificateStore(store, java.time.Clock.systemUTC());
        Optional<io.maestro.server.tls.HostCertificate> first = certificates.forHost(hosts.get(0));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        boolean coversAll = hosts.stream().allMatch(h -> certificates.forHost(h)
                .map(c -> c.name().equals(first.get().name())).orElse(false));
        return coversAll ? Optional.of(first.get().bundle()) : Optional.empty();
    }

    /** The development CA's kept leaves ({@code MAESTRO_HOME/tls/leaves}): reused while they cover the hosts for > 30 days. */
    static io.maestro.hosts.lb.tls.DevelopmentLeaves developmentLeaves(Path home, DevelopmentCa ca) {
        return new io.maestro.hosts.lb.tls.DevelopmentLeaves(home.toAbsolutePath().normalize().resolve("tls"), ca);
    }

    /** A certificate for the service's hosts (plus localhost and 127.0.0.1), installed under {@code PREFIX/certs}. */
    private TlsCertificate certificate(LoadBalancerFiles files, DevelopmentCa ca, String service, List<String> hosts) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(hosts.stream().filter(h -> !h.equals("_")).toList()));
        Optional<CertificateBundle> stored = storedCertificate(store, names);
        if (stored.isPresent()) {
            return CertificateInstaller.install(host, files, service, stored.get(), names);
        }
        for (String local : List.of("localhost", "127.0.0.1")) {
            if (!names.contains(local)) {
                names.add(local);
            }
        }
        return CertificateInstaller.install(host, files, service + "-dev", developmentLeaves(home, ca).issueOrReuse(names), names);
    }

    /**
     * Every plain HTTP site whose upstream has no HTTPS site gets one (same hosts, keyed by its http
     * port number), and the HTTP site then redirects to it: on this host every web port is HTTPS.
     */
    private LoadBalancerSpec withHttps(LoadBalancerSpec spec, LoadBalancerFiles files, DevelopmentCa ca) {
        Set<String> secured = spec.sites().stream().filter(s -> s.scheme() == SiteScheme.HTTPS)
                .map(HttpSite::upstream).collect(Collectors.toSet());
        List<HttpSite> sites = new ArrayList<>();
        for (HttpSite site : spec.sites()) {
            if (site.scheme() == SiteScheme.HTTP && site.redirectToHttpsPort() == null && !secured.contains(site.upstream())) {
                String service = site.upstream().substring(0, site.upstream().lastIndexOf('-'));
                TlsCertificate certificate = certificate(files, ca, service, site.hosts());
                sites.add(new HttpSite(site.name() + "-tls", site.hosts(), SiteScheme.HTTPS, site.port(), site.upstream(),
                        certificate, null));
                sites.add(new HttpSite(site.name(), site.hosts(), SiteScheme.HTTP, site.port(), null, null, site.port()));
            } else {
                sites.add(site);
            }
        }
        return copy(spec, sites, spec.redirects(), spec.streams());
    }

    /** The spec with every declared port replaced by the recorded (or newly chosen and recorded) listen port. */
    private LoadBalancerSpec withListenPorts(LoadBalancerSpec spec, String application, String environment) {
        PortChooser ports = new PortChooser(application, environment);
        List<HttpSite> sites = spec.sites().stream().map(s -> new HttpSite(s.name(), s.hosts(), s.scheme(),
                ports.listen(scheme(s.scheme()), s.port()), s.upstream(), s.certificate(),
                s.redirectToHttpsPort() == null ? null : ports.listen("https", s.redirectToHttpsPort()))).toList();
        List<HostRedirect> redirects = spec.redirects().stream().map(r -> new HostRedirect(r.name(), r.fromHosts(), r.toHost(),
                r.scheme(), ports.listen(scheme(r.scheme()), r.port()), r.certificate())).toList();
        List<StreamListener> streams = spec.streams().stream().map(l -> new StreamListener(l.name(), l.protocol(),
                ports.listen(l.protocol().name().toLowerCase(Locale.ROOT), l.port()), l.upstream())).toList();
        return copy(spec, sites, redirects, streams);
    }

    private static String scheme(SiteScheme scheme) {
        return scheme == SiteScheme.HTTPS ? "https" : "http";
    }

    private static LoadBalancerSpec copy(LoadBalancerSpec spec, List<HttpSite> sites, List<HostRedirect> redirects,
            List<StreamListener> streams) {
        return new LoadBalancerSpec(spec.engine(), spec.listenAddress(), spec.files(), spec.balance(), spec.healthCheck(),
                spec.keepaliveConnections(), spec.upstreams(), sites, redirects, streams, spec.tls(), spec.rateLimit(),
                spec.cors());
    }

    /** Recorded listen ports first; new ones are 80/443 (root, free, first of their scheme) or free ports, recorded. */
    private final class PortChooser {
        private final String application;
        private final String environment;
        private final Map<String, Integer> recorded = new HashMap<>();
        private final Set<Integer> taken = new HashSet<>();

        PortChooser(String application, String environment) {
            this.application = application;
            this.environment = environment;
            for (LoadBalancerPort p : store.loadBalancerPorts().all()) {
                if (p.application().equals(application) && p.environment().equals(environment)) {
                    recorded.put(p.scheme() + ":" + p.declaredPort(), p.listenPort());
                } else {
                    taken.add(p.listenPort());   // another environment's load balancer may be stopped right now
                }
            }
        }

        int listen(String scheme, int declared) {
            String key = scheme + ":" + declared;
            Integer known = recorded.get(key);
            if (known != null) {
                return known;
            }
            Integer standard = scheme.equals("http") ? Integer.valueOf(80) : scheme.equals("https") ? Integer.valueOf(443) : null;
            int chosen = standard != null && STANDARD_PORTS && isRoot() && !taken.contains(standard)
                    && !recorded.containsValue(standard) && free(standard) ? standard : freePort();
            store.loadBalancerPorts().record(application, environment, scheme, declared, chosen);
            recorded.put(key, chosen);
            return chosen;
        }

        private int freePort() {
            for (int attempt = 0; attempt < 20; attempt++) {
                int port = io.maestro.hosts.net.FreePorts.tcp(LISTEN_ADDRESS);
                if (!taken.contains(port) && !recorded.containsValue(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free port for the load balancer after 20 attempts");
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LISTEN_ADDRESS))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Which proxy the environment's files were last written for ({@code PREFIX/engine}); both share one pid file. */
    private static Optional<String> recordedEngine(HostExecutor host, LoadBalancerFiles files) {
        return host.readFile(files.file("engine")).map(b -> new String(b, java.nio.charset.StandardCharsets.US_ASCII).strip());
    }

    /** Stops whichever proxy runs from the prefix (the one named in {@code PREFIX/engine}). */
    static void stopAll(HostExecutor host, LoadBalancerFiles files) {
        Optional<String> engine = recordedEngine(host, files);
        if (engine.isPresent()) {
            (engine.get().equals("haproxy") ? new HaproxyRuntime(host, files, "haproxy") : new NginxRuntime(host, files, "nginx"))
                    .stop();
        }
    }

    private void stopAll(LoadBalancerFiles files) {
        stopAll(host, files);
    }
}
