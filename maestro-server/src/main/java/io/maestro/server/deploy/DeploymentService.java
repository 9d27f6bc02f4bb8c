package io.maestro.server.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.KubeException;
import io.maestro.kube.scale.ReplicaBounds;
import io.maestro.kube.scale.ScaleRequest;
import io.maestro.kube.scale.ScaleResult;
import io.maestro.kube.scale.Scaler;
import io.maestro.model.AppDefinition;
import io.maestro.model.MaestroException;
import io.maestro.model.service.Constraints;
import io.maestro.model.service.Service;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.store.Store;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.audit.Actor;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStatus;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.DeploymentTarget;
import io.maestro.store.deploy.DriftReport;
import io.maestro.store.deploy.EnvironmentSettings;
import io.maestro.store.deploy.Lease;
import io.maestro.store.deploy.LogLine;
import io.maestro.store.deploy.StepStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy engine: queues deployments, runs one at a time per application environment under a
 * lease, recovers what a crashed control plane left, rolls back, scales, reports status and drift.
 *
 * <pre>{@code
 * DeploymentService deployments = DeploymentService.start(store, connector, DeployConfig.defaults());
 * DeploymentInfo queued = deployments.request("shop", "production", OptionalInt.empty(), actor);
 * try (AutoCloseable subscription = deployments.subscribe(queued.id(), event -> System.out.println(event))) {
 *     ... // log and step events (history first), progress, then done
 * }
 * }</pre>
 *
 * <p><b>Queue.</b> A request stores a queued deployment and wakes this application environment's
 * worker (a virtual thread). The worker takes the environment's lease (renewed while it runs),
 * runs the queued deployments oldest first, and releases the lease. Whoever holds the lease runs
 * the queue; the others leave it alone, and a poller retries lease-less queues every
 * {@link DeployConfig#pollInterval()}, so no request is lost and exactly one runs at a time, also
 * across control planes sharing one database. A worker first takes one of
 * {@link DeployConfig#maxConcurrentDeployments()} slots, before the lease: past that many running
 * environments the others' deployments wait in the store, queued, and their log says why.
 *
 * <p><b>Recovery.</b> A deployment still {@code running} when its worker takes the lease was left
 * by a control plane that stopped (its lease expired): its interrupted steps are marked failed in
 * the journal, the log says what had run, and it is run again from the start (every step is
 * idempotent) or, with {@link DeployConfig#resumeInterrupted()} off, marked failed. At start the
 * service wakes the worker of every environment with unfinished deployments.
 */
public final class DeploymentService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");

    private final Store store;
    private final ClusterConnector clusters;
    private final DeployConfig config;
    private final DeploymentEvents events;
    private final DeploymentRunner runner;
    private final DriftCheck drift;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Running deployments of this process; fair, so environments get their turn in the order they woke. */
    private final Semaphore slots;
    private final Map<String, AtomicBoolean> draining = new ConcurrentHashMap<>();
    private final Thread poller;
    private final Thread driftTimer;
    private volatile boolean closed;
    private final LocalTarget local;

    private DeploymentService(Store store, ClusterConnector clusters, DeployConfig config, LocalTarget local, ImageBuilds builds) {
        this.local = local;
        this.store = store;
        this.clusters = clusters;
        this.config = config;
        this.slots = new Semaphore(config.maxConcurrentDeployments(), true);
        this.events = new DeploymentEvents(store);
        this.runner = new DeploymentRunner(store, events, clusters, this::chooseCluster, () -> closed, local, builds);
        this.drift = new DriftCheck(store, clusters, config, this::chooseCluster);
        this.poller = Thread.ofVirtual().name("deploy-poller").unstarted(this::poll);
        this.driftTimer = Thread.ofVirtual().name("drift-check").unstarted(this::checkDriftPeriodically);
    }

    /** Starts the engine: recovers unfinished deployments and starts the queue poller and the drift timer. */
    public static DeploymentService start(Store store, ClusterConnector clusters, DeployConfig config) {
        return start(store, clusters, config, null);
    }

    /**
     * Starts the engine with a local target: environments whose target is {@code local} run on this
     * host through {@code local} (may be {@code null}: such deployments then fail with a hint).
     */
    public static DeploymentService start(Store store, ClusterConnector clusters, DeployConfig config, LocalTarget local) {
        return start(store, clusters, config, local, null);
    }

    /**
     * Starts the engine with a local target and the builds of git-based services ({@code builds};
     * {@code null}: deployments of git-based services fail with a hint).
     */
    public static DeploymentService start(Store store, ClusterConnector clusters, DeployConfig config, LocalTarget local,
            ImageBuilds builds) {
        DeploymentService service = new DeploymentService(store, clusters, config, local, builds);
        service.wakeUnfinished();
        if (local != null) {
            service.reopenLocalEnvironments();
        }
        service.poller.start();
        if (!config.driftInterval().isZero()) {
            service.driftTimer.start();
        }
        return service;
    }

    // --- requests ----------------------------------------------------------------------------

    /**
     * Queues a deployment of {@code version} (default: the latest) to {@code environment}.
     *
     * @throws NotFoundException without such an application or version
     * @throws DeployException (CONFLICT) when no cluster can be chosen for the environment
     */
    public DeploymentInfo request(String application, String environment, OptionalInt version, Actor actor) {
        return request(application, DeployRequest.of(environment, version), actor);
    }

    /**
     * Queues a deployment as {@code request} asks: its options (services, refs, git ref, profile)
     * are checked against the version's definition and stored with the deployment
     * ({@link PublishOptions}).
     */
    public DeploymentInfo request(String application, DeployRequest request, Actor actor) {
        String environment = request.environment();
        OptionalInt version = request.version();
        requireEnvironmentName(environment);
        store.applications().require(application);
        int number = version.isPresent() ? store.versions().find(application, version.getAsInt())
                .orElseThrow(() -> new NotFoundException("application '" + application + "' has no version " + version.getAsInt()))
                .version()
                : store.versions().latest(application).map(ApplicationVersion::version)
                        .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT,
                                "application '" + application + "' has no version to deploy; upload one first"));
        io.maestro.store.publish.DeploymentOptions options = request.hasBuildOptions()
                ? PublishOptions.of(store, application, number, request) : PublishOptions.plain(request.trigger());
        String asked = options == null ? "" : PublishOptions.describe(options);
        EnvironmentSettings settings = store.environmentSettings().get(application, environment);
        if (settings.local()) {
            return enqueue(application, environment, number, null, null, actor, "deployment.request",
                    "version " + number + " to this host (target local)" + asked, options);
        }
        String cluster = chooseCluster(settings);
        return enqueue(application, environment, number, cluster, null, actor, "deployment.request",
                "version " + number + " to cluster " + cluster + asked, options);
    }

    /**
     * Queues a redeploy of deployment {@code to}'s exact version and images (default: the last
     * deployment that succeeded before the current one, the newest that succeeded).
     *
     * @throws DeployException (CONFLICT) when there is nothing to roll back to
     */
    public DeploymentInfo rollback(String application, String environment, OptionalLong to, Actor actor) {
        requireEnvironmentName(environment);
        store.applications().require(application);
        Deployment target;
        if (to.isPresent()) {
            target = store.deployments().find(to.getAsLong())
                    .filter(d -> d.application().equals(application) && d.environment().equals(environment))
                    .orElseThrow(() -> new NotFoundException("no deployment " + to.getAsLong() + " of " + application + " to " + environment));
            boolean rendered = store.deploymentTargets().find(target.id()).map(t -> !t.images().isEmpty()).orElse(false);
            if (!rendered) {
                throw new DeployException(DeployException.Reason.CONFLICT, "deployment " + target.id()
                        + " never rendered its objects (it is " + target.status().name().toLowerCase()
                        + "), so its images are unknown; roll back to a deployment that succeeded");
            }
        } else {
            Deployment current = store.deploymentTargets().lastSucceeded(application, environment, Long.MAX_VALUE)
                    .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT,
                            "no deployment of " + application + " to " + environment + " has succeeded; nothing to roll back"));
            target = store.deploymentTargets().lastSucceeded(application, environment, current.id())
                    .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT, "deployment " + current.id()
                            + " is the only one of " + application + " to " + environment
                            + " that succeeded; there is no earlier one to roll back to"));
        }
        EnvironmentSettings settings = store.environmentSettings().get(application, environment);
        String cluster = settings.local() ? null : store.deploymentTargets().find(target.id()).map(DeploymentTarget::cluster)
                .orElseGet(() -> chooseCluster(settings));
        return enqueue(application, environment, target.version(), cluster, target.id(), actor, "deployment.rollback",
                "redeploy deployment " + target.id() + " (version " + target.version() + ")");
    }

    private DeploymentInfo enqueue(String application, String environment, int version, String cluster, Long rollbackOf,
            Actor actor, String action, String detail) {
        return enqueue(application, environment, version, cluster, rollbackOf, actor, action, detail, null);
    }

    private DeploymentInfo enqueue(String application, String environment, int version, String cluster, Long rollbackOf,
            Actor actor, String action, String detail, io.maestro.store.publish.DeploymentOptions options) {
        DeploymentInfo info = store.inTransaction(() -> {
            Deployment queued = store.deployments().enqueue(application, environment, version, actor.name());
            DeploymentTarget target = store.deploymentTargets().record(queued.id(), cluster, rollbackOf);
            if (options != null) {
                store.deploymentOptions().record(PublishOptions.forDeployment(options, queued.id()));
            }
            store.audit().record(actor, action, application + "/" + environment, "deployment " + queued.id() + ": " + detail);
            return DeploymentInfo.of(queued, target);
        });
        wake(application, environment);
        return info;
    }

    // --- reading -----------------------------------------------------------------------------

    /** The application's latest deployments (of one environment when given), newest first. */
    public List<DeploymentInfo> history(String application, Optional<String> environment, int limit) {
        store.applications().require(application);
        List<Deployment> rows = environment.isPresent()
                ? store.deploymentTargets().list(application, environment.get(), limit)
                : store.deployments().list(application, limit);
        return rows.stream().map(this::info).toList();
    }

    public Optional<DeploymentInfo> find(long id) {
        return store.deployments().find(id).map(this::info);
    }

    /** The deployment's journal, in order. */
    public List<DeploymentStep> steps(long id) {
        return store.steps().list(id);
    }

    /** The deployment's log, in order. */
    public List<LogLine> log(long id) {
        return store.deploymentLog().list(id);
    }

    /**
     * Sends the deployment's past log and step events to {@code listener}, then live events, and
     * finally {@code done}; close the result to stop listening.
     *
     * @throws NotFoundException without such a deployment
     */
    public AutoCloseable subscribe(long id, DeploymentListener listener) {
        return events.subscribe(id, listener);
    }

    private DeploymentInfo info(Deployment d) {
        return DeploymentInfo.of(d, store.deploymentTargets().find(d.id()).orElse(null));
    }

    // --- environment settings and unlock -----------------------------------------------------

    public EnvironmentSettings settings(String application, String environment) {
        requireEnvironmentName(environment);
        store.applications().require(application);
        return store.environmentSettings().get(application, environment);
    }

    /** Stores the environment's settings (audited). */
    public EnvironmentSettings updateSettings(EnvironmentSettings settings, Actor actor) {
        requireEnvironmentName(settings.environment());
        return store.inTransaction(() -> {
            EnvironmentSettings stored = store.environmentSettings().put(settings, actor.name());
            store.audit().record(actor, "environment.settings", settings.application() + "/" + settings.environment(),
                    "cluster " + (settings.cluster() == null ? "(the only registered one)" : settings.cluster())
                            + ", autoRollback " + settings.autoRollback() + ", reapplyDrift " + settings.reapplyDrift()
                            + ", forceConflicts " + settings.forceConflicts() + ", rolloutTimeoutSeconds "
                            + settings.rolloutTimeoutSeconds());
            return stored;
        });
    }

    /** The registered server where the environment's unplaced data stores go, when one is set. */
    public Optional<String> defaultServer(String application, String environment) {
        return store.environmentSettings().server(application, environment);
    }

    /** Refuses (409, listing the registered ones) a server name that is not registered; {@code null} passes. */
    public void requireServer(String server) {
        if (server != null && store.servers().find(server).isEmpty()) {
            throw new DeployException(DeployException.Reason.CONFLICT, "server '" + server + "' is not registered (registered: "
                    + String.join(", ", store.servers().list().stream().map(s -> s.name()).toList())
                    + "); register it with: maestro servers add " + server + " --ssh USER@HOST --key FILE");
        }
    }

    /** Sets (or with {@code null} clears) the environment's default server for data stores; audited. */
    public void setDefaultServer(String application, String environment, String server, Actor actor) {
        requireEnvironmentName(environment);
        requireServer(server);
        store.inTransaction(() -> {
            store.environmentSettings().setServer(application, environment, server, actor.name());
            store.audit().record(actor, "environment.server", application + "/" + environment,
                    server == null ? "data stores: the only registered server" : "data stores on server " + server);
            return null;
        });
    }

    /**
     * Force-releases the environment's deployment lease (audited). A deployment still running under
     * it stops at its next step; the queue then moves on. Empty when nothing held the lease.
     */
    public Optional<Lease> unlock(String application, String environment, Actor actor) {
        requireEnvironmentName(environment);
        store.applications().require(application);
        Optional<Lease> released = store.leases().forceRelease(application, environment, actor);
        wake(application, environment);
        return released;
    }

    // --- scale, status, drift ----------------------------------------------------------------

    /**
     * Scales a service through the scale subresource within its {@code min_count}..{@code max_count}
     * and keeps the count as its desired count, so later deploys render it.
     *
     * @param replicas {@code N}, {@code +N} or {@code -N}
     * @throws DeployException (INVALID) when the count is malformed or outside the bounds; nothing changes
     */
    public ScaleOutcome scale(String application, String service, String environment, String replicas, Actor actor) {
        requireEnvironmentName(environment);
        Deployment last = store.deploymentTargets().lastSucceeded(application, environment, Long.MAX_VALUE)
                .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT, application + " has no successful"
                        + " deployment to " + environment + "; deploy it before scaling"));
        AppDefinition definition = DesiredState.load(store, application, last.version(), environment);
        Service definitionService = definition.services().service(service).orElseThrow(() -> new NotFoundException(
                "application '" + application + "' has no service '" + service + "' in version " + last.version()));
        Constraints constraints = definitionService.constraints();
        int min = constraints.minCount() == null ? 0 : constraints.minCount();
        int max = constraints.maxCount() == null ? Integer.MAX_VALUE : constraints.maxCount();
        ScaleRequest request;
        try {
            request = ScaleRequest.parse(replicas);
        } catch (MaestroException e) {
            throw new DeployException(DeployException.Reason.INVALID, e.getMessage());
        }
        if (store.environmentSettings().get(application, environment).local() && local != null) {
            int[] counts = local.scale(application, environment, service, request, min, max);
            keepScaledCount(application, environment, service, counts[0], counts[1], request, actor);
            return new ScaleOutcome(service, environment, counts[0], counts[1], min, max);
        }
        String cluster = store.deploymentTargets().find(last.id()).map(DeploymentTarget::cluster)
                .orElseGet(() -> chooseCluster(store.environmentSettings().get(application, environment)));
        ScaleResult result;
        try (KubernetesClient client = clusters.connect(cluster)) {
            result = Scaler.create(client).scale(DesiredState.namespace(application, environment), service, request,
                    new ReplicaBounds(min, max));
        } catch (KubeException e) {
            throw e;
        } catch (MaestroException e) {
            throw new DeployException(DeployException.Reason.INVALID, e.getMessage());
        }
        keepScaledCount(application, environment, service, result.previous(), result.replicas(), request, actor);
        return new ScaleOutcome(service, environment, result.previous(), result.replicas(), min, max);
    }

    private void keepScaledCount(String application, String environment, String service, int previous, int replicas,
            ScaleRequest request, Actor actor) {
        store.inTransaction(() -> {
            store.desiredReplicas().set(application, environment, service, replicas, actor.name());
            store.audit().record(actor, "service.scale", application + "/" + environment + "/" + service,
                    "replicas " + previous + " -> " + replicas + " (asked " + request + ")");
            return null;
        });
    }

    /** The environment as it runs (reads the cluster; a cluster that cannot be read is reported, not thrown). */
    public EnvironmentStatus status(String application, String environment) {
        requireEnvironmentName(environment);
        store.applications().require(application);
        Optional<Deployment> last = store.deploymentTargets().latest(application, environment);
        String cluster = last.flatMap(d -> store.deploymentTargets().find(d.id())).map(DeploymentTarget::cluster)
                .or(() -> Optional.ofNullable(store.environmentSettings().get(application, environment).cluster()))
                .orElse(null);
        DriftReport report = store.driftReports().find(application, environment).orElse(null);
        DeploymentInfo lastInfo = last.map(this::info).orElse(null);
        if (store.environmentSettings().get(application, environment).local()) {
            return localStatus(application, environment, lastInfo, report);
        }
        if (cluster == null || last.isEmpty()) {
            return new EnvironmentStatus(application, environment, cluster, List.of(), lastInfo, report, null);
        }
        try (KubernetesClient client = clusters.connect(cluster)) {
            return new EnvironmentStatus(application, environment, cluster,
                    StatusReader.services(client, DesiredState.namespace(application, environment)), lastInfo, report, null);
        } catch (RuntimeException e) {
            return new EnvironmentStatus(application, environment, cluster, List.of(), lastInfo, report, e.getMessage());
        }
    }

    private EnvironmentStatus localStatus(String application, String environment, DeploymentInfo lastInfo, DriftReport report) {
        Optional<io.maestro.local.LocalStatus> running;
        try {
            running = local == null ? Optional.empty() : local.status(application, environment);
        } catch (RuntimeException e) {
            return new EnvironmentStatus(application, environment, null, List.of(), lastInfo, report, e.getMessage());
        }
        Map<String, List<String>> entryPoints = loadBalancerEntryPoints(application, environment, lastInfo);
        Map<String, String> images = lastInfo == null ? Map.of() : store.deploymentTargets().find(lastInfo.id())
                .map(DeploymentTarget::images).orElse(Map.of());
        List<EnvironmentStatus.ServiceStatus> services = running.map(s -> s.services().stream()
                .map(service -> new EnvironmentStatus.ServiceStatus(service.name(), Math.max(service.desired(), 0),
                        service.ready(), service.running(), service.ready(),
                        Optional.ofNullable(images.get(service.name())).map(List::of).orElse(List.of()),
                        entryPoints.getOrDefault(service.name(),
                                service.ports().stream().filter(p -> !p.forLoadBalancer()).map(p -> switch (p.protocol()) {
                                    case "http" -> "http://127.0.0.1:" + p.hostPort() + "/";
                                    default -> p.protocol() + "://127.0.0.1:" + p.hostPort();
                                }).toList())))
                .toList()).orElse(List.of());
        return new EnvironmentStatus(application, environment, null, services, lastInfo, report,
                running.isEmpty() ? "the containers' ports open with the next deployment after a control-plane start" : null);
    }

    /** Per service, the load balancer's entry points (https first) when the environment has one; else empty. */
    private Map<String, List<String>> loadBalancerEntryPoints(String application, String environment, DeploymentInfo lastInfo) {
        List<io.maestro.store.deploy.LoadBalancerPort> ports = store.loadBalancerPorts().list(application, environment);
        if (ports.isEmpty() || lastInfo == null) {
            return Map.of();
        }
        return LoadBalancerStep.entryPointsByService(DesiredState.load(store, application, lastInfo.version(), environment), ports);
    }

    /**
     * Removes what a local-target environment runs on this host (audited): its containers, and
     * its data stores stopped (with {@code purge}: their data and volumes deleted too).
     */
    public LocalTarget.Removal removeLocal(String application, String environment, boolean purge, Actor actor) {
        requireEnvironmentName(environment);
        store.applications().require(application);
        if (local == null) {
            throw new DeployException(DeployException.Reason.CONFLICT, "this control plane has no local target");
        }
        LocalTarget.Removal removal = local.remove(store, application, environment, purge);
        LoadBalancerStep.forLocal(store, local).remove(application, environment, purge);
        store.audit().record(actor, "environment.remove-local", application + "/" + environment,
                "containers removed, stopped " + removal.components() + (purge ? ", data purged" : ", data kept"));
        return removal;
    }

    /**
     * Compares the cluster with what the last successful deployment applied, stores the report,
     * and re-applies the drifted objects when the environment opts in ({@code reapplyDrift}).
     * The periodic check calls this for every deployed environment; tests call it directly.
     */
    public DriftReport checkDrift(String application, String environment) {
        return drift.check(application, environment);
    }

    // --- the queue ---------------------------------------------------------------------------

    /** Wakes the environment's worker in this process (no-op when it is already running). */
    void wake(String application, String environment) {
        if (closed) {
            return;
        }
        AtomicBoolean flag = draining.computeIfAbsent(application + "\u0000" + environment, k -> new AtomicBoolean());
        if (flag.compareAndSet(false, true)) {
            try {
                workers.submit(() -> drain(application, environment, flag));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flag.set(false);   // closing
            }
        }
    }

    private void drain(String application, String environment, AtomicBoolean flag) {
        boolean again;
        do {
            boolean held = false;
            try {
                takeSlot(application, environment);
            } catch (InterruptedException e) {
                flag.set(false);   // closing: the deployments stay queued for the next control plane
                return;
            }
            try {
                held = runQueue(application, environment);
            } catch (RuntimeException e) {
                LOG.error("the deploy worker of {}/{} failed", application, environment, e);
            } finally {
                slots.release();
            }
            flag.set(false);
            // A request that arrived after the last look found the flag set and left the work to us.
            again = held && !closed && store.deployments().nextQueued(application, environment).isPresent()
                    && flag.compareAndSet(false, true);
        } while (again);
    }

    /**
     * Takes a slot for the environment's worker, waiting in turn when all are in use; the waiting
     * deployment's log says so, so {@code maestro deploy} shows why it has not started.
     */
    private void takeSlot(String application, String environment) throws InterruptedException {
        if (slots.tryAcquire(0, TimeUnit.SECONDS)) {   // honours the queue of waiters, unlike tryAcquire()
            return;
        }
        try {
            store.deployments().nextQueued(application, environment).ifPresent(waiting -> events.log(waiting.id(),
                    "waiting for a free slot: this control plane already runs " + config.maxConcurrentDeployments()
                            + " deployments (set with `maestro server --max-deployments N`)"));
        } catch (RuntimeException e) {
            LOG.warn("cannot note the wait of {}/{}: {}", application, environment, e.getMessage());
        }
        slots.acquire();
    }

    /** Runs the environment's queue if this process gets the lease; false when someone else holds it. */
    private boolean runQueue(String application, String environment) {
        Optional<Lease> lease = store.leases().tryAcquire(application, environment, config.holder(), config.leaseTime());
        if (lease.isEmpty()) {
            return false;
        }
        try (LeaseKeeper keeper = new LeaseKeeper(store.leases(), application, environment, config.holder(), config.leaseTime())) {
            for (Deployment orphan : orphans(application, environment)) {
                if (closed || keeper.lost()) {
                    return true;
                }
                recover(orphan, keeper);
            }
            Optional<Deployment> next;
            while (!closed && !keeper.lost() && (next = store.deployments().nextQueued(application, environment)).isPresent()) {
                runner.run(next.get(), keeper);
            }
        } finally {
            // A stopping server interrupts this thread; the release must still reach the database
            // (a pool refuses interrupted threads), so the next control plane need not wait for expiry.
            boolean interrupted = Thread.interrupted();
            try {
                store.leases().release(application, environment, config.holder());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return true;
    }

    /** Running deployments of the environment: with the lease in hand, nobody else is running them. */
    private List<Deployment> orphans(String application, String environment) {
        return store.deployments().unfinished().stream()
                .filter(d -> d.status() == DeploymentStatus.RUNNING && d.application().equals(application)
                        && d.environment().equals(environment))
                .toList();
    }

    private void recover(Deployment orphan, LeaseKeeper keeper) {
        List<DeploymentStep> journal = store.steps().list(orphan.id());
        String done = journal.stream().filter(s -> s.status() == StepStatus.DONE).map(DeploymentStep::name)
                .collect(Collectors.joining(", "));
        String interrupted = journal.stream().filter(s -> s.status() == StepStatus.RUNNING).map(DeploymentStep::name)
                .collect(Collectors.joining(", "));
        for (DeploymentStep step : journal) {
            if (step.status() == StepStatus.RUNNING || step.status() == StepStatus.PENDING) {
                events.fail(step, "interrupted: the control plane running this deployment stopped");
            }
        }
        events.log(orphan.id(), "the control plane running this deployment stopped; journal: done ["
                + done + "], interrupted [" + interrupted + "]");
        if (config.resumeInterrupted()) {
            events.log(orphan.id(), "resumed by " + config.holder() + ": running every step again (they are idempotent)");
            runner.run(orphan, keeper);
        } else {
            Deployment failed = store.deployments().finish(orphan.id(), DeploymentStatus.FAILED,
                    "interrupted by a control-plane stop" + (interrupted.isEmpty() ? "" : " during '" + interrupted + "'")
                            + "; not resumed (done: " + (done.isEmpty() ? "nothing" : done) + ")");
            events.log(orphan.id(), "marked failed: " + failed.detail());
            events.done(failed);
        }
    }

    /**
     * The published ports of local-target environments live in the control plane's process: at
     * start, before any request is served, each environment whose pods still run gets its last
     * successful version deployed again directly (its databases started when stopped, its pods
     * left alone, its proxies opened), so its ports answer again without anyone asking. Not
     * journaled: nothing changes but this process's listeners. An environment whose pods were
     * removed ({@code maestro down}) stays down.
     */
    private void reopenLocalEnvironments() {
        for (Map.Entry<String, String> environment : store.deploymentTargets().deployedEnvironments()) {
            String application = environment.getKey();
            String name = environment.getValue();
            try {
                if (!store.environmentSettings().get(application, name).local() || !local.hasPods(application, name)) {
                    continue;
                }
                Deployment last = store.deploymentTargets().lastSucceeded(application, name, Long.MAX_VALUE).orElse(null);
                if (last == null) {
                    continue;
                }
                AppDefinition definition = DesiredState.load(store, application, last.version(), name);
                Map<String, String> variables = HostComponents.variables(new HostComponents(store, local).provision(definition,
                        application, name, true, line -> LOG.info("{}/{}: {}", application, name, line), new java.util.ArrayList<>()));
                // The same images, variables and counts as the last deployment: the running pods match them and stay.
                AppDefinition published = BuildStep.pinned(definition, store.deploymentTargets().find(last.id())
                        .map(DeploymentTarget::images).orElse(Map.of())).definition();
                local.deploy(published, application, name, DesiredState.resolve(store, published, application, name,
                        last.requestedBy(), new java.util.ArrayList<>()), variables, store.desiredReplicas().all(application, name));
                // The load balancer outlives the control plane; after a reboot it starts again here.
                LoadBalancerStep.forLocal(store, local).configure(published, application, name,
                        local.runtime().status(application, name), new java.util.ArrayList<>());
                LOG.info("{}/{}: published ports of version {} open again on this host", application, name, last.version());
            } catch (RuntimeException e) {
                LOG.warn("cannot open the published ports of {}/{} after the start: {}", application, name, e.getMessage());
            }
        }
    }

    private void wakeUnfinished() {
        Set<List<String>> environments = new HashSet<>();
        for (Deployment d : store.deployments().unfinished()) {
            if (environments.add(List.of(d.application(), d.environment()))) {
                wake(d.application(), d.environment());
            }
        }
    }

    private void poll() {
        while (!closed) {
            try {
                Thread.sleep(config.pollInterval());
                wakeUnfinished();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot look for queued deployments: {}", e.getMessage());
            }
        }
    }

    private void checkDriftPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(config.driftInterval());
                for (Map.Entry<String, String> environment : store.deploymentTargets().deployedEnvironments()) {
                    if (closed) {
                        return;
                    }
                    if (store.environmentSettings().get(environment.getKey(), environment.getValue()).local()) {
                        continue;   // podman on this host: no cluster objects to compare
                    }
                    try {
                        drift.check(environment.getKey(), environment.getValue());
                    } catch (RuntimeException e) {
                        LOG.warn("drift check of {}/{} failed: {}", environment.getKey(), environment.getValue(), e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot list the deployed environments: {}", e.getMessage());
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private String chooseCluster(EnvironmentSettings settings) {
        if (settings.cluster() != null) {
            return settings.cluster();
        }
        List<String> names = clusters.clusterNames();
        if (names.size() == 1) {
            return names.get(0);
        }
        String where = settings.application() + "/" + settings.environment();
        throw new DeployException(DeployException.Reason.CONFLICT, names.isEmpty()
                ? "no cluster to deploy " + where + " to: none is registered (add one with `maestro clusters add NAME"
                        + " --kubeconfig FILE`, then choose it with PUT /api/v1/apps/" + settings.application()
                        + "/environments/" + settings.environment() + " {\"cluster\": NAME})"
                : where + " has no cluster set and " + names.size() + " are registered (" + String.join(", ", names)
                        + "); choose one with PUT /api/v1/apps/" + settings.application() + "/environments/"
                        + settings.environment() + " {\"cluster\": NAME}");
    }

    static void requireEnvironmentName(String environment) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw new DeployException(DeployException.Reason.INVALID, "environment: expected a lower-case name of letters,"
                    + " digits and '-' (at most 32 characters), got '" + environment + "'");
        }
    }

    /** How many deployments this control plane runs at once ({@code --max-deployments}). */
    public int maxConcurrentDeployments() {
        return config.maxConcurrentDeployments();
    }

    /** Deployments holding a slot now (running, or checking their queue). */
    public int runningDeployments() {
        return config.maxConcurrentDeployments() - slots.availablePermits();
    }

    /** Application environments whose worker waits for a free slot (an estimate, as the JDK's semaphore gives it). */
    public int waitingForSlot() {
        return slots.getQueueLength();
    }

    /** This control plane's name in leases. */
    public String holder() {
        return config.holder();
    }

    /**
     * Stops the engine: no new work starts; running deployments are interrupted and stay
     * {@code running} with their lease until it expires, and the next control plane recovers them
     * (the same as a crash, so that path is the tested one).
     */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        driftTimer.interrupt();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Duration leaseTime() {
        return config.leaseTime();
    }
}
