package io.maestro.buildgrid.image;

import io.maestro.buildgrid.source.BuildSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One service image to build.
 *
 * @param account who pays the Build Minutes
 * @param app the application name (second part of the image name)
 * @param service the service name (third part of the image name)
 * @param source the git source keys of the service
 * @param env the application's environment variables, substituted into the Dockerfile
 * @param secretNames the names in {@code env} whose values are secrets: masked in the build's log
 *     and messages ({@link SecretMask})
 */
public record BuildRequest(String account, String app, String service, BuildSource source, Map<String, String> env,
        Set<String> secretNames) {

    public BuildRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(source, "source");
        env = Map.copyOf(env);
        secretNames = Set.copyOf(secretNames);
        new ImageRef("localhost", app, service, "latest"); // validates the names before any work
    }

    /** A request without secrets among its variables. */
    public BuildRequest(String account, String app, String service, BuildSource source, Map<String, String> env) {
        this(account, app, service, source, env, Set.of());
    }
}
