package io.maestro.server.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.apply.Applier;
import io.maestro.kube.apply.ApplyOptions;
import io.maestro.kube.apply.ApplyReport;
import io.maestro.kube.apply.ObjectChange;
import io.maestro.kube.rollout.RolloutFailedException;
import io.maestro.kube.rollout.RolloutSummary;
import io.maestro.kube.rollout.RolloutTracker;
import io.maestro.kube.rollout.WorkloadRef;
import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.db.ConflictException;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStatus;
import io.maestro.store.deploy.DeploymentStep;
import io.maestro.store.deploy.DeploymentTarget;
import io.maestro.store.deploy.EnvironmentSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one deployment while its caller holds the application environment's lease. Each step
 * is journaled (running) before it runs and marked done or failed after:
 * <ol>
 *   <li>{@code load version N}: the stored service.yml / manifest.yml for the environment;</li>
 *   <li>{@code provision host components}: the data stores where the manifest places them
 *       ({@link HostComponents}: registered servers, external ones only recorded);</li>
 *   <li>{@code resolve environment}: variables with the stored and generated values;</li>
 *   <li>{@code render}: Kubernetes objects, scaled replica counts, pinned images for a rollback;
 *       the data stores' Services, EndpointSlices and Secrets point at the provisioned stores
 *       ({@link ClusterDataStores}); the images used are recorded;</li>
 *   <li>{@code apply}: server-side apply (field manager {@code maestro}, force per environment);</li>
 *   <li>{@code prune}: delete what left the definition (ApplySet inventory; never foreign objects);</li>
 *   <li>{@code track rollout}: until every workload rolled out or the environment's deadline.</li>
 * </ol>
 * Every step is idempotent, so an interrupted deployment can run again from the start.
 */
final class DeploymentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRunner.class);

    private final Store store;
    private final DeploymentEvents events;
    private final ClusterConnector clusters;
    private final Function<EnvironmentSettings, String> clusterChoice;
    private final BooleanSupplier stopping;
    private final LocalTarget local;

    DeploymentRunner(Store store, DeploymentEvents events, ClusterConnector clusters,
            Function<EnvironmentSettings, String> clusterChoice, BooleanSupplier stopping, LocalTarget local) {
        this.local = local;
        this.store = store;
        this.events = events;
        this.clusters = clusters;
        this.clusterChoice = clusterChoice;
        this.stopping = stopping;
    }

    /** A step failed: carries the step's name for the deployment's detail. */
    private static final class StepFailure extends RuntimeException {
        final String step;

        StepFailure(String step, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.step = step;
        }
    }

    /** Runs {@code deployment} (queued, or running when resumed) to its end; returns it finished. */
    Deployment run(Deployment deployment, LeaseKeeper keeper) {
        long id = deployment.id();
        String app = deployment.application();
        String env = deployment.environment();
        Deployment running = deployment.status() == DeploymentStatus.QUEUED ? store.deployments().start(id) : deployment;
        DeploymentTarget target = store.deploymentTargets().find(id).orElseGet(() -> store.deploymentTargets().record(id, null, null));
        EnvironmentSettings settings = store.environmentSettings().get(app, env);
        events.log(id, "deploying version " + running.version() + " of " + app + " to " + env
                + (target.rollbackOf() != null ? " (rollback to deployment " + target.rollbackOf() + ")" : "")
                + ", requested by " + running.requestedBy());
        if (settings.local() && target.cluster() == null) {
            return runLocal(running, target, settings, keeper);
        }
        try {
            String cluster = target.cluster() != null ? target.cluster() : clusterChoice.apply(settings);
            if (target.cluster() == null) {
                store.deploymentTargets().setCluster(id, cluster);
            }
            Map<String, String> pinned = target.rollbackOf() == null ? Map.of()
                    : store.deploymentTargets().find(target.rollbackOf()).map(DeploymentTarget::images).orElse(Map.of());

            AppDefinition definition = step(id, keeper, "load version " + running.version(), notes -> {
                AppDefinition loaded = DesiredState.load(store, app, running.version(), env);
                notes.add(loaded.services().services().size() + " services");
                return loaded;
            });
            List<HostComponents.Placed> placed = step(id, keeper, "provision host components", notes ->
                    new HostComponents(store, local).provision(definition, app, env, false, line -> events.log(id, line), notes));
            ResolvedEnvironment variables = step(id, keeper, "resolve environment", notes ->
                    DesiredState.resolve(store, definition, app, env, notes));
            DesiredState.Rendered rendered = step(id, keeper, "render", notes -> {
                DesiredState.Rendered r = ClusterDataStores.connect(DesiredState.render(definition, variables, app, env,
                        store.desiredReplicas().all(app, env), pinned), placed, notes);
                store.deploymentTargets().setImages(id, r.images());
                notes.add(r.objects().size() + " objects for namespace " + r.namespace());
                r.images().forEach((service, image) -> notes.add(service + "=" + image));
                return r;
            });
            ApplyOptions options = ApplyOptions.defaults().withForce(settings.forceConflicts());
            events.log(id, "cluster " + cluster + ", namespace " + rendered.namespace());
            try (KubernetesClient client = clusters.connect(cluster)) {
                step(id, keeper, "apply", notes -> {
                    ApplyReport report = Applier.create(client, options.withPrune(false)).apply(rendered.namespace(), rendered.objects());
                    report.changes().stream().filter(c -> c.action().wrote()).forEach(c -> events.log(id, c.toString()));
                    notes.add(summary(report));
                    return report;
                });
                step(id, keeper, "prune", notes -> {
                    ApplyReport report = Applier.create(client, options.withPrune(true)).apply(rendered.namespace(), rendered.objects());
                    List<String> pruned = report.objects(ObjectChange.Action.PRUNED).stream().map(Object::toString).toList();
                    pruned.forEach(p -> events.log(id, "pruned " + p));
                    notes.add(pruned.isEmpty() ? "nothing to prune" : "pruned " + String.join(", ", pruned));
                    return report;
                });
                RolloutSummary summary = step(id, keeper, "track rollout", notes -> {
                    RolloutSummary s = track(id, client, rendered, Duration.ofSeconds(settings.rolloutTimeoutSeconds()), keeper);
                    notes.add(s.workloads().size() + " workloads rolled out in " + s.elapsed().toMillis() + " ms");
                    return s;
                });
                Deployment done = store.deployments().finish(id, DeploymentStatus.SUCCEEDED,
                        "rolled out " + summary.workloads().size() + " workloads to " + cluster);
                events.log(id, "deployment succeeded");
                events.done(done);
                return done;
            }
        } catch (RuntimeException e) {
            return failed(running, target, settings, e);
        }
    }

    /**
     * A deployment to this host (target {@code local}): {@code load version N} → {@code provision
     * host components} (the data stores, idempotent) → {@code resolve environment} (their
     * connection variables as the containers see them) → {@code deploy containers} (podman, one
     * progress event per service).
     */
    private Deployment runLocal(Deployment running, DeploymentTarget target, EnvironmentSettings settings, LeaseKeeper keeper) {
        long id = running.id();
        String app = running.application();
        String env = running.environment();
        try {
            if (local == null) {
                throw new DeployException(DeployException.Reason.CONFLICT, "this control plane has no local target"
                        + " (it runs without a MAESTRO_HOME); set the environment's target to \"cluster\"");
            }
            events.log(id, "target local: podman on this host");
            AppDefinition definition = step(id, keeper, "load version " + running.version(), notes -> {
                AppDefinition loaded = DesiredState.load(store, app, running.version(), env);
                notes.add(loaded.services().services().size() + " services");
                Map<String, String> images = new java.util.LinkedHashMap<>();
                loaded.services().services().forEach((name, service) -> service.optionalImage().ifPresent(i -> images.put(name, i)));
                store.deploymentTargets().setImages(id, images);
                return loaded;
            });
            Map<String, String> connections = step(id, keeper, "provision host components", notes ->
                    HostComponents.variables(new HostComponents(store, local).provision(definition, app, env, true,
                            line -> events.log(id, line), notes)));
            Map<String, String> variables = step(id, keeper, "resolve environment", notes -> {
                DesiredState.resolve(store, definition, app, env, notes);
                notes.add(connections.size() + " connection variables (" + connections.keySet().stream()
                        .filter(n -> n.endsWith("_ADDRESS")).sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
                return connections;
            });
            io.maestro.local.LocalRuntime.DeployResult result = step(id, keeper, "deploy containers", notes -> {
                io.maestro.local.LocalRuntime.DeployResult r = local.deploy(definition, app, env, variables);
                r.services().forEach((service, outcome) -> {
                    events.log(id, service + ": " + outcome);
                    notes.add(service + " " + outcome);
                });
                for (io.maestro.local.LocalStatus.Service s : local.runtime().status(app, env).services()) {
                    events.progress(id, new DeploymentEvent.Progress(s.name(), s.desired(), s.ready(), s.ready(), s.ready()));
                    s.ports().forEach(p -> events.log(id, s.name() + ": published on port " + p.hostPort()));
                }
                return r;
            });
            Deployment done = store.deployments().finish(id, DeploymentStatus.SUCCEEDED,
                    "deployed " + result.services().size() + " services on this host (" + result.services().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")) + ")");
            events.log(id, "deployment succeeded");
            events.done(done);
            return done;
        } catch (RuntimeException e) {
            return failed(running, target, settings, e);
        }
    }

    private Deployment failed(Deployment deployment, DeploymentTarget target, EnvironmentSettings settings, RuntimeException e) {
        long id = deployment.id();
        if (stopping.getAsBoolean()) {
            // Stopping is a crash we chose: leave the deployment running for the next control plane to resume.
            LOG.info("control plane stopping: deployment {} left running for recovery", id);
            return deployment;
        }
        Throwable cause = e instanceof StepFailure f ? f.getCause() : e;
        String step = e instanceof StepFailure f ? f.step : null;
        if (!(cause instanceof io.maestro.model.MaestroException) && !(cause instanceof io.maestro.store.db.StoreException)) {
            LOG.error("deployment {} failed unexpectedly", id, cause);
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        events.logLines(id, message);
        String firstLine = message.lines().findFirst().orElse(message);
        Deployment finished;
        try {
            finished = store.deployments().finish(id, DeploymentStatus.FAILED,
                    (step == null ? "" : "step '" + step + "' failed: ") + firstLine);
        } catch (ConflictException alreadyFinished) {
            finished = store.deployments().require(id);
        }
        if (cause instanceof RolloutFailedException && settings.autoRollback() && target.rollbackOf() == null) {
            rollBackAutomatically(finished);
        }
        events.done(finished);
        return finished;
    }

    private void rollBackAutomatically(Deployment failed) {
        Optional<Deployment> good = store.deploymentTargets().lastSucceeded(failed.application(), failed.environment(), failed.id());
        if (good.isEmpty()) {
            events.log(failed.id(), "automatic rollback: no earlier deployment succeeded; nothing to roll back to");
            return;
        }
        Deployment rollback = store.inTransaction(() -> {
            Deployment queued = store.deployments().enqueue(failed.application(), failed.environment(), good.get().version(),
                    "maestro (automatic rollback of deployment " + failed.id() + ")");
            String cluster = store.deploymentTargets().find(good.get().id()).map(DeploymentTarget::cluster).orElse(null);
            store.deploymentTargets().record(queued.id(), cluster, good.get().id());
            store.audit().record(Actor.system(), "deployment.rollback", failed.application() + "/" + failed.environment(),
                    "automatic rollback after deployment " + failed.id() + " failed: deployment " + queued.id()
                            + " redeploys deployment " + good.get().id());
            return queued;
        });
        events.log(failed.id(), "automatic rollback: deployment " + rollback.id() + " queued to redeploy deployment "
                + good.get().id() + " (version " + good.get().version() + ")");
    }

    private RolloutSummary track(long id, KubernetesClient client, DesiredState.Rendered rendered, Duration deadline,
            LeaseKeeper keeper) {
        List<WorkloadRef> workloads = WorkloadRef.in(rendered.objects());
        CompletableFuture<RolloutSummary> rollout = RolloutTracker.create(client).track(rendered.namespace(), workloads, deadline,
                p -> {
                    events.progress(id, new DeploymentEvent.Progress(p.workload().name(), p.desired(), p.updated(), p.ready(), p.available()));
                    events.log(id, p.workload() + ": " + p.describe());
                });
        try {
            while (true) {
                try {
                    return rollout.get(250, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (keeper.lost()) {
                        rollout.cancel(true);
                        throw leaseLost("track rollout");
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            rollout.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeployException(DeployException.Reason.CONFLICT, "the control plane stopped while tracking the rollout");
        }
    }

    private <T> T step(long id, LeaseKeeper keeper, String name, Function<List<String>, T> work) {
        if (keeper.lost()) {
            throw new StepFailure(name, leaseLost(name));
        }
        DeploymentStep step = events.begin(id, name);
        List<String> notes = new ArrayList<>();
        try {
            T result = work.apply(notes);
            events.complete(step, notes.isEmpty() ? null : String.join("; ", notes));
            return result;
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                throw new StepFailure(name, e);   // left running in the journal: the next control plane sees it interrupted
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            events.fail(step, message.lines().findFirst().orElse(message));
            throw new StepFailure(name, e);
        }
    }

    private static DeployException leaseLost(String step) {
        return new DeployException(DeployException.Reason.CONFLICT, "the deployment lease was lost (force-unlocked by an admin"
                + " or taken over after it expired); stopped at step '" + step + "'");
    }

    private static String summary(ApplyReport report) {
        Map<ObjectChange.Action, Integer> counts = new EnumMap<>(ObjectChange.Action.class);
        report.changes().forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((action, n) -> parts.add(n + " " + action.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return parts.isEmpty() ? "nothing to apply" : String.join(", ", parts);
    }
}
