package io.maestro.server.build;

import io.maestro.buildgrid.BuildCancelledException;
import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildRequest;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.image.Builder;
import io.maestro.buildgrid.image.ImageRef;
import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.BuildMinutesExhaustedException;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.PeriodUsage;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.buildgrid.queue.BuildServerSlots;
import io.maestro.buildgrid.remote.RemoteBuilder;
import io.maestro.buildgrid.registry.LocalRegistry;
import io.maestro.buildgrid.registry.RegistryLogin;
import io.maestro.buildgrid.source.BuildSource;
import io.maestro.buildgrid.source.GitSource;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.server.hosts.ServerRegistry;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.build.Build;
import io.maestro.store.build.BuildKind;
import io.maestro.store.build.BuildLogLine;
import io.maestro.store.build.BuildStatus;
import io.maestro.store.build.NewBuild;
import io.maestro.store.build.StoredPlan;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BuildGrid in the control plane: queues builds and retags of application services, runs them
 * with maestro-buildgrid (git clone at the ref's exact commit, {@code buildah bud}, push), keeps
 * their state and log in the store, meters them in the Build Minutes ledger and refuses new ones
 * when the account's hard-stop plan is used up. One per control plane.
 *
 * <pre>{@code
 * BuildInfo queued = builds.submit("shop", "web", BuildSpec.of("https://git.example/shop.git", "main")
 *         .withEnv(Map.of("RAILS_ENV", "production")), actor);
 * BuildInfo done = builds.await(queued.id(), Duration.ofMinutes(30));
 * if (done.succeeded()) { deploy(done.image()); }
 * }</pre>
 *
 * <p>Images are pushed to {@link #registryFor(String)}: the configured default registry, or the
 * local {@code docker-registry} started on 127.0.0.1 (storage under {@code MAESTRO_HOME/buildgrid})
 * the first time a build needs it.
 *
 * <p>Builds run on <em>build servers</em> when there are any (registered servers with the build
 * role, {@code maestro servers add NAME ... --role build --build-slots N}): each waiting build,
 * in arrival order, takes a slot on the least busy one and runs there over SSH
 * ({@link RemoteBuilder}); without build servers they run on this host, {@link BuildConfig#concurrency}
 * at a time. Retags always run on this host.
 */
public final class BuildService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

    private final Store store;
    private final BuildConfig config;
    private final Clock clock;
    private final GitSource git;
    private final Buildah buildah;
    private final Semaphore workers;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, Cancellation> cancellations = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<BuildInfo>> outcomes = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final BuildServerSlots buildServers = new BuildServerSlots(UNREACHABLE_PAUSE);
    private final ServerRegistry servers;
    private LocalRegistry localRegistry;

    /** How long a build server that could not be reached is passed over while others have free slots. */
    static final Duration UNREACHABLE_PAUSE = Duration.ofMinutes(1);

    private record Subscriber(Consumer<String> lines, Consumer<BuildInfo> done) {}

    private BuildService(Store store, BuildConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        GitSource source = new GitSource(new LocalExecutor(), config.stepTimeout()).withMirrors(config.directory().resolve("git"));
        this.git = config.allowLocalRepositories() ? source.allowingLocalRepositories() : source;
        this.buildah = Buildah.storedIn(config.directory().resolve("buildah"));
        this.workers = new Semaphore(config.concurrency(), true);
        this.servers = new ServerRegistry(store, new com.fasterxml.jackson.databind.ObjectMapper(), clock);
    }

    /**
     * Starts the build service. Builds a previous control plane left queued or running are
     * marked failed: their processes died with it.
     */
    public static BuildService start(Store store, BuildConfig config) {
        BuildService service = new BuildService(store, config, Clock.systemUTC());
        for (Build stale : store.builds().unfinished()) {
            try {
                store.builds().stop(stale.id(), BuildStatus.FAILED,
                        "the control plane stopped before the build finished; run it again");
            } catch (ConflictException e) {
                // Finished meanwhile by another control plane: nothing to fail.
            }
        }
        return service;
    }

    /**
     * Queues a build of the service's image from {@code spec}.
     *
     * @throws BuildMinutesExhaustedException at once (nothing is queued) when the account's
     *     hard-stop plan has no Build Minutes left this period
     * @throws BuildException when the application or service name cannot be an image name, or the
     *     source keys are invalid
     */
    public BuildInfo submit(String app, String service, BuildSpec spec, Actor actor) {
        BuildRequest request = new BuildRequest(config.account(), app, service, new BuildSource(spec.gitUrl(), spec.ref(),
                spec.buildRoot(), spec.dockerfilePath()), spec.env(), spec.secretNames());
        requireAllowance();
        Build queued = store.inTransaction(() -> {
            Build build = store.builds().enqueue(new NewBuild(config.account(), app, service, BuildKind.BUILD,
                    spec.gitUrl(), spec.ref(), actor.name()));
            store.audit().record(actor, "build.request", app + "/" + service, "build " + build.id() + " of " + spec.gitUrl()
                    + " at " + spec.ref());
            return build;
        });
        enqueue(queued, true, (log, cancellation, buildServer) -> {
            String registry = registryFor(app);
            if (buildServer.isPresent()) {
                return buildOn(buildServer.get(), request, registry, log, cancellation);
            }
            Builder builder = new Builder(git, buildah, registry, config.directory().resolve("work"), config.stepTimeout(),
                    loginFor(registry));
            return builder.build(request, log, cancellation);
        });
        return BuildInfo.of(queued);
    }

    /**
     * Queues a retag: {@code sourceImage} (a full image name of the service's repository, or
     * just a tag or commit of it in {@link #registryFor(String)}) gets the tag {@code newTag} and
     * is pushed. Metered like a build.
     */
    public BuildInfo retag(String app, String service, String sourceImage, String newTag, Actor actor) {
        ImageRef existing = imageOf(app, service, sourceImage);
        existing.withTag(newTag); // validates the tag before anything is queued
        requireAllowance();
        Build queued = store.inTransaction(() -> {
            Build build = store.builds().enqueue(new NewBuild(config.account(), app, service, BuildKind.RETAG,
                    existing.toString(), newTag, actor.name()));
            store.audit().record(actor, "build.retag", app + "/" + service, "retag " + build.id() + " of " + existing + " as " + newTag);
            return build;
        });
        enqueue(queued, false, (log, cancellation, buildServer) -> new Builder(git, buildah, existing.registry(),
                config.directory().resolve("work"), config.stepTimeout(), loginFor(existing.registry()))
                .retag(existing, newTag, log, cancellation));
        return BuildInfo.of(queued);
    }

    /**
     * Waits until the build finished or {@code timeout} passed, and returns its state then (still
     * queued or running after a timeout).
     */
    public BuildInfo await(long id, Duration timeout) {
        CompletableFuture<BuildInfo> outcome = outcomes.get(id);
        if (outcome != null) {
            try {
                return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Fall through to the stored state.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return require(id);
    }

    public Optional<BuildInfo> find(long id) {
        return store.builds().find(id).map(BuildInfo::of);
    }

    /** The build, or a {@link NotFoundException} naming it. */
    public BuildInfo require(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("no build " + id));
    }

    /** The latest builds, newest first, of one application when given. */
    public List<BuildInfo> list(Optional<String> app, int limit) {
        return store.builds().list(app, limit).stream().map(BuildInfo::of).toList();
    }

    /** The build's log so far. */
    public List<BuildLogLine> log(long id) {
        return store.builds().log(id);
    }

    /**
     * Sends the build's log to {@code logLine}: every line so far, then each new one as it is
     * printed. Close the subscription to stop.
     */
    public AutoCloseable subscribe(long id, Consumer<String> logLine) {
        return subscribe(id, logLine, info -> { });
    }

    /**
     * Like {@link #subscribe(long, Consumer)}, and calls {@code done} once with the final state
     * when the build finishes (at once, after the log, when it already had).
     */
    public AutoCloseable subscribe(long id, Consumer<String> logLine, Consumer<BuildInfo> done) {
        Subscriber subscriber = new Subscriber(logLine, done);
        BuildInfo finished = null;
        synchronized (lock(id)) {
            BuildInfo current = require(id);
            store.builds().log(id).forEach(line -> logLine.accept(line.line()));
            if (current.finished()) {
                finished = current;
            } else {
                subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(subscriber);
            }
        }
        if (finished != null) {
            done.accept(finished);
        }
        return () -> {
            List<Subscriber> list = subscribers.get(id);
            if (list != null) {
                list.remove(subscriber);
            }
        };
    }

    /**
     * Cancels a queued or running build: a queued one never starts, a running one's process is
     * killed. A {@link ConflictException} when it already finished.
     */
    public void cancel(long id, Actor actor) {
        BuildInfo build = require(id);
        if (build.finished()) {
            throw new ConflictException("build " + id + " already " + word(build.status()) + "; only a queued or running build can be cancelled");
        }
        String reason = "cancelled by " + actor.name();
        Build stopped = store.builds().stop(id, BuildStatus.CANCELLED, reason);
        store.audit().record(actor, "build.cancel", build.application() + "/" + build.service(), "build " + id);
        Cancellation cancellation = cancellations.get(id);
        if (cancellation != null) {
            cancellation.cancel(reason);
        }
        log(id, "Build cancelled by " + actor.name());
        finished(id, BuildInfo.of(stopped));
    }

    /**
     * Where the application's images are pushed: the registry set as default
     * ({@code maestro registries add HOST --default}), else the local registry on 127.0.0.1
     * (started on first use).
     */
    public String registryFor(String app) {
        return store.registries().defaultRegistry().map(r -> r.host()).orElseGet(() -> localRegistry().address());
    }

    /** The account's plan: the one set through the API, else {@link Plan#FREE}. */
    public Plan plan() {
        return store.buildPlans().find(config.account()).map(BuildService::plan).orElse(Plan.FREE);
    }

    /** Sets the account's plan. */
    public Plan setPlan(Plan plan, Actor actor) {
        StoredPlan stored = store.inTransaction(() -> {
            StoredPlan saved = store.buildPlans().put(config.account(), plan.name(), plan.includedMinutes(),
                    plan.overagePerMinute().toPlainString(), plan.rounding().name().toLowerCase(Locale.ROOT), plan.hardStop(),
                    actor.name());
            store.audit().record(actor, "build-minutes.plan", config.account(), plan.name() + ": " + plan.includedMinutes()
                    + " min, $" + plan.overagePerMinute().toPlainString() + "/min over, hard stop " + plan.hardStop());
            return saved;
        });
        return plan(stored);
    }

    /** The account's Build Minutes in the billing period that contains {@code at}. */
    public PeriodUsage usage(Instant at) {
        BillingPeriod period = BillingPeriod.of(at);
        var entries = store.buildMinutes().between(config.account(), period.start(), period.end());
        long seconds = 0;
        for (var entry : entries) {
            seconds = Math.addExact(seconds, entry.meteredSeconds());
        }
        return new PeriodUsage(config.account(), period, plan(), seconds, entries.size());
    }

    /** The Build Minutes report of the current billing period (usage, remaining, projected overage, per day). */
    public MinutesReport minutes() {
        Instant now = clock.instant();
        BillingPeriod period = BillingPeriod.of(now);
        return MinutesReport.of(plan(), period, store.buildMinutes().between(config.account(), period.start(), period.end()), now);
    }

    public BuildConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Cancels running builds, fails queued ones and stops the local registry. */
    @Override
    public void close() {
        cancellations.forEach((id, cancellation) -> cancellation.cancel("the control plane is stopping"));
        threads.shutdown();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (localRegistry != null) {
                localRegistry.close();
                localRegistry = null;
            }
        }
    }

    private void requireAllowance() {
        PeriodUsage usage = usage(clock.instant());
        if (usage.exhausted()) {
            throw new BuildMinutesExhaustedException(usage);
        }
    }

    /** The work of one build; {@code buildServer} is the build server it got a slot on, empty for this host. */
    @FunctionalInterface
    private interface Job {
        BuildResult run(LogListener log, Cancellation cancellation, Optional<String> buildServer);
    }

    private void enqueue(Build queued, boolean onBuildServers, Job job) {
        long id = queued.id();
        Cancellation cancellation = new Cancellation();
        cancellations.put(id, cancellation);
        outcomes.put(id, new CompletableFuture<>());
        if (onBuildServers) {
            refreshBuildServers();
        }
        threads.submit(() -> run(queued, onBuildServers, job, cancellation));
    }

    /** The build servers as registered now (servers added or removed since the last build count). */
    private void refreshBuildServers() {
        buildServers.update(store.servers().buildServers().stream()
                .map(role -> new BuildServerSlots.BuildServer(role.server(), role.slots())).toList());
    }

    /** Builds running on each build server now. */
    public Map<String, Integer> runningOnBuildServers() {
        return buildServers.busy();
    }

    private void run(Build queued, boolean onBuildServers, Job job, Cancellation cancellation) {
        long id = queued.id();
        Optional<BuildServerSlots.Slot> slot = Optional.empty();
        try {
            if (onBuildServers) {
                refreshBuildServers();
                slot = buildServers.acquire();
            }
            if (slot.isEmpty()) {
                workers.acquire();
            }
        } catch (InterruptedException e) {
            stop(id, BuildStatus.CANCELLED, "interrupted in the queue");
            return;
        }
        Optional<String> buildServer = slot.map(BuildServerSlots.Slot::server);
        try {
            if (cancellation.isCancelled()) {
                return;
            }
            try {
                requireAllowance(); // minutes may have run out while this build waited
            } catch (BuildMinutesExhaustedException e) {
                log(id, e.getMessage());
                stop(id, BuildStatus.FAILED, e.getMessage());
                return;
            }
            try {
                store.builds().start(id);
            } catch (ConflictException e) {
                return; // cancelled between the check and the start
            }
            buildServer.ifPresent(server -> store.builds().ranOn(id, server));
            LogListener log = line -> log(id, line);
            BuildResult result = job.run(line -> {
                log.line(line);
                if (line.startsWith("Commit ")) {
                    store.builds().commit(id, line.substring("Commit ".length()).strip());
                }
            }, cancellation, buildServer);
            Build done;
            try {
                done = store.inTransaction(() -> {
                    Build succeeded = store.builds().succeed(id, result.commit().isEmpty() ? null : result.commit(),
                            result.image().toString(), result.digest(), result.meteredSeconds(),
                            "pushed in " + result.pushTime().toMillis() + " ms, built in " + result.buildTime().toMillis() + " ms");
                    store.buildMinutes().record(queued.account(), "build-" + id, word(queued.kind()), succeeded.finishedAt(),
                            result.meteredSeconds());
                    return succeeded;
                });
            } catch (ConflictException e) {
                return; // cancelled while it pushed: the cancel stands and nothing is metered
            }
            log(id, "Build " + id + " succeeded: " + result.image() + " (" + result.meteredSeconds() + " s metered)");
            finished(id, BuildInfo.of(done));
        } catch (BuildCancelledException e) {
            stop(id, BuildStatus.CANCELLED, e.getMessage());
        } catch (RuntimeException e) {
            if (!(e instanceof BuildException)) {
                LOG.error("build {} failed unexpectedly", id, e);
            }
            for (String line : String.valueOf(e.getMessage()).split("\n")) {
                log(id, line);
            }
            stop(id, cancellation.isCancelled() ? BuildStatus.CANCELLED : BuildStatus.FAILED, e.getMessage());
        } finally {
            slot.ifPresentOrElse(BuildServerSlots.Slot::close, workers::release);
            cancellations.remove(id);
        }
    }

    /**
     * Builds on a build server over its SSH connection. A server that cannot be reached fails
     * this build naming it, and is passed over by the next builds while others have free slots.
     */
    private BuildResult buildOn(String name, BuildRequest request, String registry, LogListener log, Cancellation cancellation) {
        HostExecutor executor;
        try {
            executor = servers.executor(name);
        } catch (NotFoundException e) {
            throw new BuildException("build server '" + name + "' was removed before the build started; run the build again");
        } catch (HostException e) {
            buildServers.unreachable(name);
            throw new BuildException("build server '" + name + "' cannot be reached: " + e.getMessage()
                    + " (for the next minute builds go to the other build servers, if any have a free slot; check it with:"
                    + " maestro servers exec " + name + " -- true)", e);
        }
        buildServers.reachable(name);
        try (executor) {
            Path remote = config.buildServerDirectory();
            RemoteBuilder.Settings settings = new RemoteBuilder.Settings(Buildah.storedIn(remote.resolve("buildah")),
                    remote.resolve("work").toString(), config.stepTimeout(), config.allowLocalRepositories());
            return new RemoteBuilder(name, executor, settings, registry, loginFor(registry)).build(request, log, cancellation);
        }
    }

    private void stop(long id, BuildStatus outcome, String detail) {
        try {
            finished(id, BuildInfo.of(store.builds().stop(id, outcome, detail)));
        } catch (ConflictException e) {
            finished(id, require(id)); // already stopped (a cancel): tell whoever still waits
        }
    }

    private Object lock(long id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private void log(long id, String line) {
        synchronized (lock(id)) {
            store.builds().appendLog(id, line);
            for (Subscriber subscriber : subscribers.getOrDefault(id, List.of())) {
                try {
                    subscriber.lines().accept(line);
                } catch (RuntimeException e) {
                    LOG.debug("a build log subscriber failed", e);
                }
            }
        }
    }

    private void finished(long id, BuildInfo info) {
        List<Subscriber> waiting;
        synchronized (lock(id)) {
            waiting = subscribers.remove(id);
        }
        if (waiting != null) {
            for (Subscriber subscriber : waiting) {
                try {
                    subscriber.done().accept(info);
                } catch (RuntimeException e) {
                    LOG.debug("a build subscriber failed", e);
                }
            }
        }
        CompletableFuture<BuildInfo> outcome = outcomes.remove(id);
        if (outcome != null) {
            outcome.complete(info);
        }
        locks.remove(id);
    }

    /** The stored credentials of {@code host}, if any: buildah gets them in a temporary 0600 auth file. */
    private Optional<RegistryLogin> loginFor(String host) {
        return store.registries().find(host).flatMap(registry -> store.registries().password(host)
                .map(password -> new RegistryLogin(host, registry.username(), password)));
    }

    private synchronized LocalRegistry localRegistry() {
        if (localRegistry == null || !localRegistry.isRunning()) {
            localRegistry = LocalRegistry.start(config.directory().resolve("registry"), Duration.ofSeconds(30));
            LOG.info("local registry listening on {}", localRegistry.address());
        }
        return localRegistry;
    }

    /** A full image name of the service's repository, or a tag of it in the service's registry. */
    private ImageRef imageOf(String app, String service, String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return new ImageRef(registryFor(app), app, service, image);
        }
        int colon = image.lastIndexOf(':');
        if (colon < image.lastIndexOf('/')) {
            throw new BuildException("retag --from: expected REGISTRY/" + app + "/" + service + ":TAG or a tag, found '" + image + "'");
        }
        String repository = image.substring(0, colon);
        String expectedSuffix = "/" + app + "/" + service;
        if (!repository.endsWith(expectedSuffix)) {
            throw new BuildException("retag --from: expected an image of " + app + "/" + service + " (REGISTRY" + expectedSuffix
                    + ":TAG), found '" + image + "'");
        }
        return new ImageRef(repository.substring(0, repository.length() - expectedSuffix.length()), app, service,
                image.substring(colon + 1));
    }

    static Plan plan(StoredPlan stored) {
        return new Plan(stored.name(), stored.includedMinutes(), new BigDecimal(stored.overagePerMinute()),
                OverageRounding.valueOf(stored.rounding().toUpperCase(Locale.ROOT)), stored.hardStop());
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
