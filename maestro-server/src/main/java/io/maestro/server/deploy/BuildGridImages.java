package io.maestro.server.deploy;

import io.maestro.model.service.BuildSource;
import io.maestro.server.build.BuildInfo;
import io.maestro.server.build.BuildService;
import io.maestro.server.build.BuildSpec;
import io.maestro.store.audit.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ImageBuilds} through the control plane's {@link BuildService}: queues the build, copies
 * its live log lines into the deployment's log, waits for it (at most {@link #TIMEOUT}; then it is
 * cancelled) and returns the pushed image. The Dockerfile gets the service's variables resolved as
 * for its containers ({@link BuildVariables}), as BuildGrid documents it; secret values are masked
 * in the build's log.
 */
public final class BuildGridImages implements ImageBuilds {

    static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final int LOG_TAIL = 15;

    private final BuildService builds;
    public BuildGridImages(BuildService builds) {
        this.builds = builds;
    }

    @Override
    public String build(String application, String service, BuildSource source, Optional<String> ref,
            BuildVariables variables, Actor actor, Consumer<String> log) {
        String wanted = ref.or(() -> Optional.ofNullable(source.gitBranch())).orElseThrow(() -> new DeployException(
                DeployException.Reason.INVALID, "service " + service + " has git_url but no git_branch: give it git_branch"
                        + " in service.yml or deploy with --git-ref REF (or --service " + service + ":REF)"));
        BuildSpec spec = BuildSpec.of(source.gitUrl(), wanted).withBuildRoot(source.buildRoot())
                .withDockerfilePath(source.dockerfilePath()).withEnv(variables.values(), variables.secretNames());
        BuildInfo queued = builds.submit(application, service, spec, actor);
        log.accept("build " + queued.id() + " queued");
        BuildInfo done;
        try (AutoCloseable lines = builds.subscribe(queued.id(), log)) {
            done = builds.await(queued.id(), TIMEOUT);
            if (!done.finished()) {
                builds.cancel(queued.id(), Actor.system());
                throw new DeployException(DeployException.Reason.CONFLICT, "build " + queued.id() + " of " + service
                        + " did not finish within " + TIMEOUT.toMinutes() + " minutes; it was cancelled");
            }
        } catch (DeployException e) {
            throw e;
        } catch (Exception e) {
            throw new DeployException(DeployException.Reason.CONFLICT, "build " + queued.id() + " of " + service + ": " + e.getMessage());
        }
        if (!done.succeeded()) {
            List<String> tail = builds.log(queued.id()).stream().map(io.maestro.store.build.BuildLogLine::line).toList();
            tail = tail.subList(Math.max(0, tail.size() - LOG_TAIL), tail.size());
            throw new DeployException(DeployException.Reason.CONFLICT, "build " + queued.id() + " of " + service + " "
                    + done.status().name().toLowerCase(java.util.Locale.ROOT) + (done.detail() == null ? "" : ": " + done.detail())
                    + (tail.isEmpty() ? "" : "\nlast lines of the build log:\n" + String.join("\n", tail)));
        }
        log.accept("build " + queued.id() + " succeeded: " + done.image() + " (commit " + done.commit() + ")");
        return done.image();
    }
}
