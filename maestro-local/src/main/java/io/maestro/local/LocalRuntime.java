package io.maestro.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.net.FreePorts;
import io.maestro.plan.kube.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one-machine workload target: runs an application environment's container services with
 * podman on this host.
 *
 * <p>Each replica is one pod played with {@code podman kube play} from the pod template the
 * Kubernetes target renders ({@link PodSpecs}); its container ports are published on
 * {@code 127.0.0.1} at free ports. The service's published ports ({@code http}/{@code tcp} in
 * service.yml) are bound by a {@link TcpProxy} in this process that spreads connections over the
 * ready replicas. That is what makes a rolling replace lose no request: new replicas start next
 * to the old ones, Maestro waits until they are ready, switches the proxy to them, waits until
 * the old ones have no open connection, then stops the old ones.
 *
 * <p>The proxies live as long as this object: the control plane holds one {@code LocalRuntime}
 * and {@link #close()} stops the proxies (the pods keep running). Deploying the same definition
 * again is idempotent and re-creates the proxies, which is how a restarted control plane takes
 * over running pods.
 *
 * <pre>{@code
 * try (LocalRuntime runtime = LocalRuntime.open(Path.of(home, "local"))) {
 *     runtime.images().build(Path.of("examples/hello/images/web"), "localhost/hello-web:1");
 *     runtime.deploy(LocalDeployment.of(definition, "hello", "production")
 *             .withEnv(Map.of("REDIS_ADDRESS", runtime.hostGateway(), "REDIS_PORT", "6379")));
 *     LocalStatus status = runtime.status("hello", "production");
 *     runtime.scale("hello", "production", "web", 3);
 *     String logs = runtime.logs("hello", "production", "web", 100);
 *     runtime.remove("hello", "production", false);
 * }
 * }</pre>
 */
public final class LocalRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Podman podman;
    private final Path dataDir;
    private final ImageBuilder images;
    private final SecureRandom random = new SecureRandom();
    private final Set<Integer> handedOutPorts = ConcurrentHashMap.newKeySet();
    /** namespace → service → last deployed plan. */
    private final Map<String, Map<String, ServicePlan>> plans = new ConcurrentHashMap<>();
    /** namespace → "service:protocol:port" → proxy or relay. */
    private final Map<String, Map<String, Relay>> proxies = new ConcurrentHashMap<>();
    private final Map<String, String> bindAddresses = new ConcurrentHashMap<>();
    private final Map<String, Duration> readyTimeouts = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    private final Thread watcher;
    private volatile boolean closed;

    private LocalRuntime(Podman podman, Path dataDir) {
        this.podman = podman;
        this.dataDir = dataDir;
        this.images = new ImageBuilder(podman);
        this.watcher = Thread.ofVirtual().name("maestro-local-watcher").start(this::watch);
    }

    /**
     * Prepares podman under {@code dataDir} (its containers.conf, the pause image) on this machine.
     *
     * @throws LocalException when podman does not work here (the message says what podman said)
     */
    public static LocalRuntime open(Path dataDir) {
        return open(new LocalExecutor(), dataDir);
    }

    public static LocalRuntime open(HostExecutor executor, Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        return new LocalRuntime(PodmanSetup.prepare(executor, dir), dir);
    }

    /** Builds images for the local target. */
    public ImageBuilder images() {
        return images;
    }

    /** {@code podman} with Maestro's configuration, for callers that need something this API does not offer. */
    public Podman podman() {
        return podman;
    }

    /**
     * The address containers reach this host at ({@code host.containers.internal}): the gateway of
     * podman's default network, e.g. {@code 10.88.0.1}. A host service the containers use must
     * listen there or on {@code 0.0.0.0}.
     */
    public String hostGateway() {
        String out = podman.run("network", "inspect", "podman", "--format",
                "{{range .Subnets}}{{.Gateway}} {{end}}").stdout().strip();
        return out.isEmpty() ? "10.88.0.1" : out.split("\\s+")[0];
    }

    /**
     * Makes the host run what the deployment describes: starts missing services, replaces changed
     * ones with a rolling replace, scales unchanged ones to their replica count, removes services
     * no longer defined. Nothing changes for a service whose revision and count already match.
     *
     * @throws LocalException when a new replica does not become ready in time (the new replicas
     *     are removed, the old ones keep serving; the message holds the new container's log tail)
     */
    public synchronized DeployResult deploy(LocalDeployment deployment) {
        String namespace = namespace(deployment.application(), deployment.environment());
        List<ServicePlan> servicePlans = PodSpecs.plan(deployment, dataDir.resolve("logs"));
        bindAddresses.put(namespace, deployment.bindAddress());
        readyTimeouts.put(namespace, deployment.readyTimeout());
        Map<String, List<Replica>> existing = replicasByService(namespace);
        Map<String, String> outcome = new LinkedHashMap<>();
        Map<String, ServicePlan> previous = plans.getOrDefault(namespace, Map.of());
        List<ServicePlan> effective = new ArrayList<>();
        for (ServicePlan desired : servicePlans) {
            ServicePlan plan = desired.autoscaled() && previous.containsKey(desired.service())
                    ? desired.withReplicas(previous.get(desired.service()).replicas()) : desired;
            createVolumes(namespace, plan);
            effective.add(plan);
        }
        try {
            outcome.putAll(apply(namespace, effective, existing));
        } catch (LocalException e) {
            // A service that had no replica before this deploy must not keep a proxy on its port.
            effective.stream().filter(p -> !existing.containsKey(p.service()))
                    .forEach(p -> closeProxies(namespace, p.service()));
            throw e;
        }
        effective.forEach(plan -> plans.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(plan.service(), plan));
        for (String gone : existing.keySet()) {
            if (servicePlans.stream().noneMatch(p -> p.service().equals(gone))) {
                closeProxies(namespace, gone);
                removePods(existing.get(gone), 0);
                Map<String, ServicePlan> known = plans.get(namespace);
                if (known != null) {
                    known.remove(gone);
                }
                outcome.put(gone, "removed");
            }
        }
        return new DeployResult(deployment.application(), deployment.environment(), outcome);
    }

    /**
     * The pods a fresh deploy would play, as one multi-document YAML (every replica with its name
     * and loopback backend ports), without running anything: for {@code render}-like output and for
     * the benchmark that plays the same specs with bare {@code podman kube play}. The text holds the
     * services' secret values.
     */
    public String plannedPods(LocalDeployment deployment) {
        String namespace = namespace(deployment.application(), deployment.environment());
        StringBuilder yaml = new StringBuilder();
        for (ServicePlan plan : PodSpecs.plan(deployment, dataDir.resolve("logs"))) {
            for (int i = 0; i < plan.replicas(); i++) {
                Map<Integer, Integer> backends = new TreeMap<>();
                plan.containerPorts().forEach(port -> backends.put(port, freePort()));
                Map<Integer, Integer> udpBackends = new TreeMap<>();
                plan.udpPorts().forEach(port -> udpBackends.put(port, freePort()));
                yaml.append(PodSpecs.yaml(PodSpecs.replica(plan, Names.suffixed(namespace + "-" + plan.service(),
                        randomSuffix()), backends, udpBackends)));
            }
        }
        return yaml.toString();
    }

    /**
     * What a deploy did per service: {@code created}, {@code replaced}, {@code scaled},
     * {@code unchanged} or {@code removed}.
     */
    public record DeployResult(String application, String environment, Map<String, String> services) {}

    /**
     * Runs {@code replicas} replicas of a deployed service: new ones start and become ready before
     * they get traffic; surplus ones leave the proxy first, then stop.
     *
     * @throws LocalException when the service was not deployed by this runtime
     */
    public synchronized void scale(String application, String environment, String service, int replicas) {
        if (replicas < 0) {
            throw new LocalException("scale " + service + ": expected 0 or more replicas, got " + replicas);
        }
        String namespace = namespace(application, environment);
        ServicePlan plan = Optional.ofNullable(plans.get(namespace)).map(m -> m.get(service)).orElseThrow(() ->
                new LocalException("scale " + application + "/" + environment + "/" + service
                        + ": expected a service deployed by this control plane, found none (hint: deploy first)"));
        ServicePlan scaled = plan.withReplicas(replicas);
        apply(namespace, List.of(scaled), replicasByService(namespace));
        plans.get(namespace).put(service, scaled);
    }

    /** Every service's replicas, their state and readiness, and the published ports. */
    public LocalStatus status(String application, String environment) {
        String namespace = namespace(application, environment);
        Map<String, List<Replica>> existing = replicasByService(namespace);
        Map<String, ServicePlan> known = plans.getOrDefault(namespace, Map.of());
        List<String> names = new ArrayList<>(known.keySet());
        existing.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        names.sort(null);
        List<LocalStatus.Service> services = new ArrayList<>();
        for (String name : names) {
            ServicePlan plan = known.get(name);
            List<LocalStatus.Replica> replicas = new ArrayList<>();
            int running = 0;
            int ready = 0;
            for (Replica replica : existing.getOrDefault(name, List.of())) {
                boolean isRunning = replica.state().equals("running");
                boolean isReady = isRunning && plan != null && isReady(plan, replica);
                running += isRunning ? 1 : 0;
                ready += isReady ? 1 : 0;
                replicas.add(new LocalStatus.Replica(replica.pod(), replica.container(), replica.state(), isReady,
                        replica.revision(), restarts(replica.container())));
            }
            services.add(new LocalStatus.Service(name, plan == null ? -1 : plan.replicas(), running, ready,
                    plan == null ? "" : plan.revision(), plan == null ? List.of() : bound(namespace, plan), replicas));
        }
        return new LocalStatus(application, environment, services);
    }

    /** The plan's published ports, an {@code https} one with the loopback port its upstream proxy got. */
    private List<PublishedPort> bound(String namespace, ServicePlan plan) {
        Map<String, Relay> open = proxies.getOrDefault(namespace, Map.of());
        return plan.published().stream().map(p -> {
            Relay relay = open.get(relayKey(plan.service(), p));
            return p.forLoadBalancer() && relay != null ? p.boundAt(relay.port()) : p;
        }).toList();
    }

    /** The last {@code tail} lines of every replica of the service, each line prefixed with {@code [pod] }. */
    public String logs(String application, String environment, String service, int tail) {
        StringBuilder out = new StringBuilder();
        for (Replica replica : replicasByService(namespace(application, environment)).getOrDefault(service, List.of())) {
            ExecResult result = podman.tryRun(List.of("logs", "--tail", Integer.toString(tail), replica.container()));
            for (String line : (result.stdout() + result.stderr()).split("\n")) {
                if (!line.isEmpty()) {
                    out.append('[').append(replica.pod()).append("] ").append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * Stops the proxies and removes every pod of the application environment; with
     * {@code purgeVolumes} its podman volumes too (data is kept otherwise).
     */
    public synchronized void remove(String application, String environment, boolean purgeVolumes) {
        String namespace = namespace(application, environment);
        Map<String, Relay> open = proxies.remove(namespace);
        if (open != null) {
            open.values().forEach(Relay::close);
        }
        plans.remove(namespace);
        List<Replica> all = replicasByService(namespace).values().stream().flatMap(List::stream).toList();
        removePods(all, 0);
        if (purgeVolumes) {
            String volumes = podman.run("volume", "ls", "--quiet", "--filter", "label=" + PodSpecs.LABEL_APP + "=" + namespace)
                    .stdout().strip();
            if (!volumes.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("volume", "rm", "--force"));
                args.addAll(List.of(volumes.split("\\s+")));
                podman.run(args);
            }
        }
    }

    /** Stops every proxy this runtime opened; pods keep running (a later deploy takes them over). */
    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        proxies.values().forEach(m -> m.values().forEach(Relay::close));
        proxies.clear();
        workers.shutdownNow();
    }

    // ---- the watcher ----

    /**
     * Every {@link #WATCH_INTERVAL}, starts again the replicas of deployed services whose container
     * has stopped. podman's {@code restartPolicy: Always} already restarts a container that crashes
     * or is killed by a signal; the watcher covers what podman treats as a deliberate stop
     * ({@code podman stop}/{@code kill}, an OOM kill seen as such), so a replica Maestro deployed
     * keeps running until Maestro scales or removes it.
     */
    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_INTERVAL);
                restartStopped();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // podman may be busy or briefly unavailable: the next round tries again.
            }
        }
    }

    private synchronized void restartStopped() {
        for (String namespace : plans.keySet()) {
            for (List<Replica> replicas : replicasByService(namespace).values()) {
                for (Replica replica : replicas) {
                    if (!replica.state().equals("running") && !replica.state().equals("created")
                            && !replica.state().equals("stopping") && !replica.state().equals("removing")) {
                        podman.tryRun(List.of("pod", "start", replica.pod()));
                    }
                }
            }
        }
    }

    // ---- the rolling replace ----

    /** One service's step of a deploy: the replicas it keeps, starts and retires. */
    private record Step(ServicePlan plan, List<Relay> proxies, List<Replica> keep, List<Replica> started,
            List<Replica> leaving, String outcome) {}

    /**
     * Brings every plan's service to its plan in one batch, so that a deploy costs about one
     * {@code kube play}: all new replicas of all services are played in one call, waited for
     * together, then each proxy is switched, then every retiring replica is drained and removed.
     */
    private Map<String, String> apply(String namespace, List<ServicePlan> servicePlans,
            Map<String, List<Replica>> existing) {
        List<Step> steps = new ArrayList<>();
        Map<ServicePlan, Integer> toStart = new LinkedHashMap<>();
        for (ServicePlan plan : servicePlans) {
            List<Replica> current = existing.getOrDefault(plan.service(), List.of());
            boolean changed = current.stream().anyMatch(r -> !r.revision().equals(plan.revision()));
            List<Replica> keep = changed ? List.of() : current.subList(0, Math.min(current.size(), plan.replicas()));
            List<Replica> leaving = changed ? current : current.subList(keep.size(), current.size());
            toStart.put(plan, plan.replicas() - keep.size());
            String outcome = current.isEmpty() ? "created" : changed ? "replaced"
                    : keep.size() == plan.replicas() && leaving.isEmpty() ? "unchanged" : "scaled";
            steps.add(new Step(plan, ensureProxies(namespace, plan), keep, new ArrayList<>(), leaving, outcome));
        }
        List<Replica> started = startReplicas(namespace, toStart);
        Map<String, String> outcome = new LinkedHashMap<>();
        for (Step step : steps) {
            started.stream().filter(r -> r.service().equals(step.plan().service())).forEach(step.started()::add);
            List<Replica> serving = new ArrayList<>(step.keep());
            serving.addAll(step.started());
            route(step.proxies(), step.plan(), serving);
            outcome.put(step.plan().service(), step.outcome());
        }
        drainAndRemove(steps);
        return outcome;
    }

    /** Plays the new replicas of every service in one {@code kube play}, then waits until all are ready. */
    private List<Replica> startReplicas(String namespace, Map<ServicePlan, Integer> counts) {
        Map<Replica, ServicePlan> replicas = new LinkedHashMap<>();
        StringBuilder yaml = new StringBuilder();
        counts.forEach((plan, count) -> {
            for (int i = 0; i < count; i++) {
                String pod = Names.suffixed(namespace + "-" + plan.service(), randomSuffix());
                Map<Integer, Integer> backends = new TreeMap<>();
                plan.containerPorts().forEach(port -> backends.put(port, freePort()));
                Map<Integer, Integer> udpBackends = new TreeMap<>();
                plan.udpPorts().forEach(port -> udpBackends.put(port, freePort()));
                Pod spec = PodSpecs.replica(plan, pod, backends, udpBackends);
                String container = pod + "-" + spec.getSpec().getContainers().get(0).getName();
                replicas.put(new Replica(pod, container, plan.service(), "running", plan.revision(), backends, udpBackends),
                        plan);
                yaml.append(PodSpecs.yaml(spec));
            }
        });
        if (replicas.isEmpty()) {
            return List.of();
        }
        // The specs go through stdin: they hold the services' secret values, which never touch the disk.
        ExecResult played = podman.tryRunWithInput(List.of("kube", "play", "--network", "podman", "-"), yaml.toString());
        if (!played.succeeded()) {
            removePods(List.copyOf(replicas.keySet()), 0);
            throw new LocalException(namespace + ": podman kube play of " + replicas.size() + " new replica(s) ("
                    + String.join(", ", replicas.values().stream().map(ServicePlan::service).distinct().toList())
                    + ") failed:\n  " + played.stderr().strip());
        }
        waitReady(namespace, replicas);
        return List.copyOf(replicas.keySet());
    }

    private void waitReady(String namespace, Map<Replica, ServicePlan> replicas) {
        Duration timeout = readyTimeouts.getOrDefault(namespace, LocalDeployment.DEFAULT_READY_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Replica> pending = new ArrayList<>(replicas.keySet());
        while (true) {
            List<Future<Boolean>> checks = pending.stream()
                    .map(r -> workers.submit(() -> isReady(replicas.get(r), r))).toList();
            List<Replica> still = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!Boolean.TRUE.equals(result(checks.get(i)))) {
                    still.add(pending.get(i));
                }
            }
            pending = still;
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                Replica first = pending.get(0);
                ServicePlan plan = replicas.get(first);
                ExecResult tail = podman.tryRun(List.of("logs", "--tail", "20", first.container()));
                String logs = tail.stdout() + tail.stderr();
                removePods(List.copyOf(replicas.keySet()), 0);
                throw new LocalException(plan.service() + ": replica " + first.pod() + " did not become ready within "
                        + timeout.toSeconds() + " s" + (plan.readiness().isPresent() ? " (readiness check failed)" : "")
                        + "; the new replicas were removed and the previous ones keep serving. Its log ends with:\n  "
                        + String.join("\n  ", logs.strip().split("\n")));
            }
            sleep(POLL);
        }
    }

    private static Boolean result(Future<Boolean> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalException("interrupted while waiting for replicas", e);
        }
    }

    private boolean isReady(ServicePlan plan, Replica replica) {
        return HealthProbe.ready(podman, plan.readiness(), replica.container(), replica.backends(), plan.containerPorts());
    }

    private void route(List<Relay> serviceProxies, ServicePlan plan, List<Replica> serving) {
        for (int i = 0; i < serviceProxies.size(); i++) {
            PublishedPort published = plan.published().get(i);
            boolean udp = "udp".equals(published.protocol());
            serviceProxies.get(i).route(serving.stream()
                    .map(r -> (udp ? r.udpBackends() : r.backends()).get(published.containerPort()))
                    .filter(p -> p != null).toList());
        }
    }

    /** Waits (up to each service's stop grace) until no proxied connection uses a retiring replica, then removes them. */
    private void drainAndRemove(List<Step> steps) {
        List<Replica> leaving = new ArrayList<>();
        int grace = 0;
        long deadline = System.nanoTime();
        for (Step step : steps) {
            if (!step.leaving().isEmpty()) {
                leaving.addAll(step.leaving());
                grace = Math.max(grace, step.plan().stopGraceSeconds());
            }
        }
        if (leaving.isEmpty()) {
            return;
        }
        deadline += Duration.ofSeconds(grace).toNanos();
        while (System.nanoTime() < deadline && steps.stream().anyMatch(step -> step.leaving().stream()
                .anyMatch(r -> step.proxies().stream().anyMatch(proxy ->
                        r.backends().values().stream().anyMatch(p -> proxy.activeConnections(p) > 0))))) {
            sleep(POLL);
        }
        removePods(leaving, grace);
        leaving.forEach(r -> {
            handedOutPorts.removeAll(r.backends().values());
            handedOutPorts.removeAll(r.udpBackends().values());
        });
    }

    /** The service's relays, one per published port in the plan's order; those of ports it no longer publishes close. */
    private List<Relay> ensureProxies(String namespace, ServicePlan plan) {
        Map<String, Relay> open = proxies.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
        String address = bindAddresses.getOrDefault(namespace, "0.0.0.0");
        open.entrySet().removeIf(e -> {
            boolean stale = e.getKey().startsWith(plan.service() + ":") && plan.published().stream()
                    .noneMatch(p -> e.getKey().equals(relayKey(plan.service(), p)));
            if (stale) {
                e.getValue().close();
            }
            return stale;
        });
        List<Relay> result = new ArrayList<>();
        for (PublishedPort port : plan.published()) {
            String name = namespace + "/" + plan.service();
            result.add(open.computeIfAbsent(relayKey(plan.service(), port), k -> switch (port.protocol()) {
                case "udp" -> UdpProxy.start(name, address, port.hostPort());
                // TLS is the load balancer's: it forwards to this plain loopback port, which follows the replicas.
                case "https" -> TcpProxy.start(name + " (https upstream)", "127.0.0.1", 0);
                default -> TcpProxy.start(name, address, port.hostPort());
            }));
        }
        return result;
    }

    /** {@code web:http:8080}; an https upstream is keyed by its declared port (its loopback port is free-chosen). */
    private static String relayKey(String service, PublishedPort port) {
        return service + ":" + port.protocol() + ":" + (port.forLoadBalancer() ? port.declaredPort() : port.hostPort());
    }

    private void closeProxies(String namespace, String service) {
        Map<String, Relay> open = proxies.get(namespace);
        if (open != null) {
            open.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(service + ":")) {
                    e.getValue().close();
                    return true;
                }
                return false;
            });
        }
    }

    private void createVolumes(String namespace, ServicePlan plan) {
        for (Volume volume : plan.template().getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() != null) {
                String name = volume.getPersistentVolumeClaim().getClaimName();
                if (!podman.tryRun(List.of("volume", "exists", name)).succeeded()) {
                    podman.run("volume", "create", "--label", PodSpecs.LABEL_APP + "=" + namespace, name);
                }
            }
        }
    }

    private void removePods(List<Replica> replicas, int graceSeconds) {
        if (replicas.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("pod", "rm", "--force", "--ignore", "--time", Integer.toString(graceSeconds)));
        replicas.forEach(r -> args.add(r.pod()));
        podman.run(args);
    }

    // ---- what runs now ----

    /** A running (or stopped) replica as podman reports it. */
    record Replica(String pod, String container, String service, String state, String revision,
            Map<Integer, Integer> backends, Map<Integer, Integer> udpBackends) {}

    private Map<String, List<Replica>> replicasByService(String namespace) {
        String json = podman.run("ps", "--all", "--format", "json", "--filter",
                "label=" + PodSpecs.LABEL_APP + "=" + namespace).stdout();
        Map<String, List<Replica>> byService = new TreeMap<>();
        try {
            JsonNode list = JSON.readTree(json.isBlank() ? "[]" : json);
            for (JsonNode container : list) {
                JsonNode labels = container.path("Labels");
                String service = labels.path(PodSpecs.LABEL_SERVICE).asText("");
                String pod = labels.path(PodSpecs.LABEL_POD).asText("");
                if (service.isEmpty() || pod.isEmpty()) {
                    continue;
                }
                byService.computeIfAbsent(service, s -> new ArrayList<>()).add(new Replica(pod,
                        container.path("Names").path(0).asText(), service, container.path("State").asText(),
                        labels.path(PodSpecs.LABEL_REVISION).asText(""),
                        PodSpecs.decodeBackends(labels.path(PodSpecs.LABEL_BACKENDS).asText("")),
                        PodSpecs.decodeBackends(labels.path(PodSpecs.LABEL_UDP_BACKENDS).asText(""))));
            }
        } catch (IOException e) {
            throw new LocalException("cannot read podman's container list: " + e.getMessage(), e);
        }
        byService.values().forEach(l -> l.sort(java.util.Comparator.comparing(Replica::pod)));
        return byService;
    }

    private int restarts(String container) {
        ExecResult result = podman.tryRun(List.of("container", "inspect", "--format", "{{.RestartCount}}", container));
        try {
            return result.succeeded() ? Integer.parseInt(result.stdout().strip()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A loopback port free for TCP and UDP (a backend may carry both) and not handed out to another replica yet. */
    private int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try {
                port = FreePorts.loopback();
            } catch (java.io.UncheckedIOException e) {
                throw new LocalException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
            }
            if (FreePorts.udpFree(port) && handedOutPorts.add(port)) {
                return port;
            }
        }
        throw new LocalException("cannot find a free port on 127.0.0.1 after 50 attempts");
    }

    private String randomSuffix() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return out.toString();
    }

    static String namespace(String application, String environment) {
        return Names.namespace(application, environment);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalException("interrupted while waiting for replicas", e);
        }
    }
}
