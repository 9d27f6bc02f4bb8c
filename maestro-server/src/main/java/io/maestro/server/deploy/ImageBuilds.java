package io.maestro.server.deploy;

import io.maestro.model.service.BuildSource;
import io.maestro.store.audit.Actor;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the deploy engine's {@code build} step gets images of git-based services from: BuildGrid
 * ({@code io.maestro.server.build.BuildService}) on a control plane, a fake in tests.
 */
public interface ImageBuilds {

    /**
     * Builds {@code service} of {@code application} from {@code source} at {@code ref} (empty: the
     * service's {@code git_branch}), pushes it, and returns the pushed image reference
     * ({@code REGISTRY/APP/SERVICE:COMMIT}), substituting {@code variables} into its Dockerfile.
     * Live build log lines go to {@code log}.
     *
     * @throws io.maestro.model.MaestroException when the build fails, is cancelled, times out or is
     *     refused (an exhausted plan); the message says why, with the build log's last lines
     */
    String build(String application, String service, BuildSource source, Optional<String> ref, BuildVariables variables,
            Actor actor, Consumer<String> log);
}
