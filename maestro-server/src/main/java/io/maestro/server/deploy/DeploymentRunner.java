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
 *   <li>{@code build} (only when the deployment asks for it, {@link BuildStep}): git-based services
 *       built through BuildGrid; the images this deployment publishes are recorded;</li>
 *   <li>{@code provision host components}: the data stores where the manifest places them
 *       ({@link HostComponents}: registered servers, external ones only recorded);</li>
 *   <li>{@code resolve environment}: variables with the stored and generated values;</li>
 *   <li>{@code render}: Kubernetes objects, scaled replica counts, pinned images for a rollback;
 *       the data stores' Services, EndpointSlices and Secrets point at the provisioned stores
 *       ({@link ClusterDataStores}); the images used are recorded;</li>
 *   <li>{@code run commands} (only with a build_command / deploy_command, {@link KubeCommandJob}):
 *       one-off Jobs of the new images, before anything is applied;</li>
 *   <li>{@code ingress tls} (only when an Ingress names hosts): {@code kubernetes.io/tls} Secrets
 *       from the stored certificates ({@link io.maestro.server.tls.IngressTls});</li>
 *   <li>{@code apply}: server-side apply (field manager {@code maestro}, force per environment);</li>
 *   <li>{@code prune}: delete what left the definition (ApplySet inventory; never foreign objects);</li>
 *   <li>{@code track rollout}: until every workload rolled out or the environment's deadline;</li>
 *   <li>{@code configure load balancer} (with a manifest {@code load_balancer}, or when an earlier
 *       deploy left one to stop): nginx or HAProxy on registered servers in front of the nodes'
 *       NodePorts ({@link ServerLoadBalancer}).</li>
 * </ol>
 * The local target ({@link #runLocal}) runs its own sequence, ending with the containers on podman
 * and the load balancer in front of them. Every step is idempotent, so an interrupted deployment
 * can run again from the start.
 */
final class DeploymentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRunner.class);
    /** How long a build_command or deploy_command Job may run on a cluster. */
    private static final Duration COMMAND_DEADLINE = Duration.ofMinutes(10);

    private final Store store;
    private final DeploymentEvents events;
    private final ClusterConnector clusters;
    private final Function<EnvironmentSettings, String> clusterChoice;
    private final BooleanSupplier stopping;
    private final LocalTarget local;
    private final ImageBuilds builds;

    DeploymentRunner(Store store, DeploymentEvents events, ClusterConnector clusters,
            Function<EnvironmentSettings, String> clusterChoice, BooleanSupplier stopping, LocalTarget local) {
        this(store, events, clusters, clusterChoice, stopping, local, null);
    }

    DeploymentRunner(Store store, DeploymentEvents events, ClusterConnector clusters,
            Function<EnvironmentSettings, String> clusterChoice, BooleanSupplier stopping, LocalTarget local,
            ImageBuilds builds) {
        this.builds = builds;
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
        String checkedAs = DesiredState.referencesCheckedAs(store, running);
        events.log(id, "deploying version " + running.version() + " of " + app + " to " + env
                + (target.rollbackOf() != null ? " (rollback to deployment " + target.rollbackOf() + ")" : "")
                + ", requested by " + running.requestedBy()
                + (checkedAs.equals(running.requestedBy()) ? ""
                        : "; cross-application references are checked with the rights of " + checkedAs
                                + ", who deployed this definition first"));
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

            AppDefinition loaded = step(id, keeper, "load version " + running.version(), notes -> {
                AppDefinition l = DesiredState.load(store, app, running.version(), env);
                notes.add(l.services().services().size() + " services");
                return l;
            });
            BuildStep.Outcome published = build(running, target, loaded, keeper);
            AppDefinition definition = published.definition();
            List<HostComponents.Placed> placed = step(id, keeper, "provision host components", notes ->
                    new HostComponents(store, local).provision(definition, app, env, false, line -> events.log(id, line), notes));
            ResolvedEnvironment variables = step(id, keeper, "resolve environment", notes ->
                    DesiredState.resolve(store, definition, app, env, DesiredState.referencesCheckedAs(store, running), notes));
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
                runCommandsOnCluster(running, published, rendered, client, keeper);
                DesiredState.Rendered secured = !io.maestro.server.tls.IngressTls.needed(rendered.objects()) ? rendered
                        : step(id, keeper, "ingress tls", notes -> withIngressTls(id, client, rendered, notes));
                step(id, keeper, "apply", notes -> {
                    ApplyReport report = Applier.create(client, options.withPrune(false)).apply(secured.namespace(), secured.objects());
                    report.changes().stream().filter(c -> c.action().wrote()).forEach(c -> events.log(id, c.toString()));
                    notes.add(summary(report));
                    return report;
                });
                step(id, keeper, "prune", notes -> {
                    ApplyReport report = Applier.create(client, options.withPrune(true)).apply(secured.namespace(), secured.objects());
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
                if (ServerLoadBalancer.needed(store, definition, app, env)) {
                    step(id, keeper, LoadBalancerStep.NAME, notes -> new ServerLoadBalancer(store, local == null ? null : local.home())
                            .configure(definition, app, env, client, rendered.namespace(), line -> events.log(id, line), notes));
                }
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
     * host components} (the data stores, idempotent) → {@code resolve environment} (the
     * definition's variables, those set through the API, the kept generated ones; the data stores'
     * connection variables go over them) → {@code deploy containers} (podman, with the counts kept
     * by scaling; one progress event per service) → {@code configure load balancer} (nginx with HTTPS in
     * front, {@link LoadBalancerStep}).
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
            AppDefinition loaded = step(id, keeper, "load version " + running.version(), notes -> {
                AppDefinition l = DesiredState.load(store, app, running.version(), env);
                notes.add(l.services().services().size() + " services");
                Map<String, String> images = new java.util.LinkedHashMap<>();
                l.services().services().forEach((name, service) -> service.optionalImage().ifPresent(i -> images.put(name, i)));
                store.deploymentTargets().setImages(id, images);
                return l;
            });
            BuildStep.Outcome published = build(running, target, loaded, keeper);
            AppDefinition definition = published.definition();
            Map<String, String> connections = step(id, keeper, "provision host components", notes ->
                    HostComponents.variables(new HostComponents(store, local).provision(definition, app, env, true,
                            line -> events.log(id, line), notes)));
            ResolvedEnvironment variables = step(id, keeper, "resolve environment", notes -> {
                ResolvedEnvironment resolved = DesiredState.resolve(store, definition, app, env, DesiredState.referencesCheckedAs(store, running), notes);
                notes.add(connections.size() + " connection variables (" + connections.keySet().stream()
                        .filter(n -> n.endsWith("_ADDRESS")).sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
                return resolved;
            });
            publishLocally(running, published, connections, keeper);
            io.maestro.local.LocalRuntime.DeployResult result = step(id, keeper, "deploy containers", notes -> {
                io.maestro.local.LocalRuntime.DeployResult r = local.deploy(definition, app, env, variables, connections,
                        store.desiredReplicas().all(app, env));
                r.services().forEach((service, outcome) -> {
                    events.log(id, service + ": " + outcome);
                    notes.add(service + " " + outcome);
                });
                for (io.maestro.local.LocalStatus.Service s : local.runtime().status(app, env).services()) {
                    events.progress(id, new DeploymentEvent.Progress(s.name(), s.desired(), s.ready(), s.ready(), s.ready()));
                    s.ports().forEach(p -> events.log(id, s.name() + ": " + (p.forLoadBalancer()
                            ? "https port " + p.declaredPort() + " for the load balancer, upstream on 127.0.0.1:" + p.hostPort()
                            : "published on port " + p.hostPort() + (p.protocol().equals("udp") ? "/udp" : ""))));
                }
                return r;
            });
            step(id, keeper, LoadBalancerStep.NAME, notes -> LoadBalancerStep.forLocal(store, local)
                    .configure(definition, app, env, local.runtime().status(app, env), notes));
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

    /**
     * The {@code build} step (journaled only when there is something to build or choose): the
     * images this deployment publishes, recorded with it; a rollback publishes the images of the
     * deployment it redeploys instead (no build).
     */
    private BuildStep.Outcome build(Deployment running, DeploymentTarget target, AppDefinition loaded, LeaseKeeper keeper) {
        long id = running.id();
        if (target.rollbackOf() != null) {
            Map<String, String> pinned = store.deploymentTargets().find(target.rollbackOf()).map(DeploymentTarget::images)
                    .orElse(Map.of());
            BuildStep.Outcome outcome = BuildStep.pinned(loaded, pinned);
            if (!outcome.images().isEmpty()) {
                store.deploymentTargets().setImages(id, outcome.images());
            }
            return outcome;
        }
        io.maestro.store.publish.DeploymentOptions options = store.deploymentOptions().find(id)
                .orElseGet(() -> io.maestro.store.publish.DeploymentOptions.plain(id));
        if (!BuildStep.needed(loaded, options)) {
            return BuildStep.unchanged(loaded);
        }
        Map<String, String> previous = store.deploymentTargets().lastSucceeded(running.application(), running.environment(), id)
                .flatMap(d -> store.deploymentTargets().find(d.id())).map(DeploymentTarget::images).orElse(Map.of());
        // The Dockerfile gets the variables the service's containers get, resolved with the same rights.
        Function<String, BuildVariables> variables = service -> BuildVariables.resolve(store, loaded, running.application(),
                running.environment(), service, DesiredState.referencesCheckedAs(store, running));
        BuildStep.Outcome outcome = step(id, keeper, "build", notes -> BuildStep.run(loaded, running.application(), options,
                previous, builds, variables, new Actor(running.requestedBy(), null), line -> events.log(id, line), notes));
        store.deploymentTargets().setImages(id, outcome.images());
        return outcome;
    }

    private io.maestro.store.publish.DeploymentOptions options(long id) {
        return store.deploymentOptions().find(id).orElseGet(() -> io.maestro.store.publish.DeploymentOptions.plain(id));
    }

    /** Before {@code apply}: build_command / deploy_command as Kubernetes Jobs ({@link KubeCommandJob}). */
    private void runCommandsOnCluster(Deployment running, BuildStep.Outcome published, DesiredState.Rendered rendered,
            KubernetesClient client, LeaseKeeper keeper) {
        long id = running.id();
        List<CommandStep.Planned> commands = CommandStep.plan(store, running.application(), published, options(id));
        if (commands.isEmpty()) {
            return;
        }
        step(id, keeper, "run commands", notes -> {
            List<io.fabric8.kubernetes.api.model.HasMetadata> prerequisites = KubeCommandJob.prerequisites(rendered.objects());
            for (CommandStep.Planned command : commands) {
                io.fabric8.kubernetes.api.model.Container main = KubeCommandJob.container(rendered.objects(), command.service());
                io.fabric8.kubernetes.api.model.batch.v1.Job job = KubeCommandJob.job(rendered.namespace(),
                        KubeCommandJob.name(command.kind(), command.service(), id), command.service(), main, command.argv(),
                        COMMAND_DEADLINE);
                KubeCommandJob.run(client, prerequisites, job, command.what(), COMMAND_DEADLINE, line -> events.log(id, line));
                notes.add(command.what() + " succeeded");
                CommandStep.recordRan(store, running.application(), id, List.of(command));
            }
            return commands.size();
        });
    }

    /**
     * Before {@code deploy containers}: built images pulled from the local registry into podman,
     * then build_command / deploy_command as one-off containers ({@link LocalCommand}).
     */
    private void publishLocally(Deployment running, BuildStep.Outcome published, Map<String, String> connections,
            LeaseKeeper keeper) {
        long id = running.id();
        String app = running.application();
        String env = running.environment();
        List<String> pulls = published.images().values().stream().filter(LocalCommand::onLoopbackRegistry).distinct().toList();
        if (!pulls.isEmpty()) {
            step(id, keeper, "pull images", notes -> {
                pulls.forEach(image -> LocalCommand.pull(local.runtime().podman(), image, line -> events.log(id, line)));
                notes.add(String.join(", ", pulls));
                return pulls.size();
            });
        }
        List<CommandStep.Planned> commands = CommandStep.plan(store, app, published, options(id));
        if (commands.isEmpty()) {
            return;
        }
        step(id, keeper, "run commands", notes -> {
            ResolvedEnvironment resolved = DesiredState.resolve(store, published.definition(), app, env,
                    DesiredState.referencesCheckedAs(store, running), new ArrayList<>());
            for (CommandStep.Planned command : commands) {
                Map<String, String> variables = new java.util.LinkedHashMap<>();
                resolved.application().forEach((name, value) -> {
                    if (value.isPlainText()) {
                        variables.put(name, value.plainText());
                    }
                });
                resolved.service(command.service()).forEach((name, value) -> {
                    if (value.isPlainText()) {
                        variables.put(name, value.plainText());
                    }
                });
                variables.putAll(connections);
                LocalCommand.run(local.runtime().podman(), "maestro-" + command.kind() + "-" + app + "-" + env + "-"
                        + command.service() + "-" + id, command.image(), command.argv(), variables, command.what(),
                        line -> events.log(id, line));
                notes.add(command.what() + " succeeded");
                CommandStep.recordRan(store, app, id, List.of(command));
            }
            return commands.size();
        });
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
        // Queued before the failure is recorded, so whoever sees 'failed' also finds the rollback in
        // the log; this worker runs it right after, holding the environment's lease.
        if (cause instanceof RolloutFailedException && settings.autoRollback() && target.rollbackOf() == null) {
            rollBackAutomatically(deployment);
        }
        Deployment finished;
        try {
            finished = store.deployments().finish(id, DeploymentStatus.FAILED,
                    (step == null ? "" : "step '" + step + "' failed: ") + firstLine);
        } catch (ConflictException alreadyFinished) {
            finished = store.deployments().require(id);
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

    /**
     * The {@code ingress tls} step: Ingress TLS hosts get Secrets from the stored certificates
     * (see {@link io.maestro.server.tls.IngressTls}); each host's outcome goes to the deploy log.
     */
    private DesiredState.Rendered withIngressTls(long id, KubernetesClient client, DesiredState.Rendered rendered,
            List<String> notes) {
        io.maestro.server.tls.IngressTls.Result tls = new io.maestro.server.tls.IngressTls(
                new io.maestro.server.tls.CertificateStore(store, java.time.Clock.systemUTC()))
                .attach(rendered.objects(), rendered.namespace(),
                        name -> client.secrets().inNamespace(rendered.namespace()).withName(name).get() != null);
        tls.notes().forEach(line -> events.log(id, line));
        long secrets = tls.objects().size() - rendered.objects().size();
        notes.add(secrets + " certificate Secret" + (secrets == 1 ? "" : "s"));
        return new DesiredState.Rendered(rendered.namespace(), tls.objects(), rendered.images());
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
