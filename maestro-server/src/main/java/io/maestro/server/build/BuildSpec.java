package io.maestro.server.build;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to build for a service: its git source keys (maestro-reference §1.2) and the
 * application's environment variables, substituted into the Dockerfile as {@code $VAR}.
 *
 * @param gitUrl the repository ({@code git_url})
 * @param ref the branch or tag to build ({@code git_branch}, or a ref given for this build)
 * @param buildRoot the build context inside the repository ({@code build_root}); its root when empty
 * @param dockerfilePath the Dockerfile relative to {@code buildRoot} ({@code dockerfile_path}); {@code Dockerfile} when empty
 * @param env the application's env vars for the Dockerfile
 * @param secretNames the names in {@code env} that are secrets: their values are masked in the build's log
 */
public record BuildSpec(String gitUrl, String ref, Optional<String> buildRoot, Optional<String> dockerfilePath,
        Map<String, String> env, Set<String> secretNames) {

    public BuildSpec {
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(ref, "ref");
        buildRoot = Objects.requireNonNullElse(buildRoot, Optional.empty());
        dockerfilePath = Objects.requireNonNullElse(dockerfilePath, Optional.empty());
        env = Map.copyOf(env);
        secretNames = Set.copyOf(secretNames);
    }

    /** A spec without secrets among its variables. */
    public BuildSpec(String gitUrl, String ref, Optional<String> buildRoot, Optional<String> dockerfilePath,
            Map<String, String> env) {
        this(gitUrl, ref, buildRoot, dockerfilePath, env, Set.of());
    }

    /** A spec for the repository's root {@code Dockerfile} at {@code ref}, without env vars. */
    public static BuildSpec of(String gitUrl, String ref) {
        return new BuildSpec(gitUrl, ref, Optional.empty(), Optional.empty(), Map.of());
    }

    /** The variables to substitute, none of them secret. */
    public BuildSpec withEnv(Map<String, String> values) {
        return new BuildSpec(gitUrl, ref, buildRoot, dockerfilePath, values, Set.of());
    }

    /** The variables to substitute; those named in {@code secrets} are masked in the build's log. */
    public BuildSpec withEnv(Map<String, String> values, Set<String> secrets) {
        return new BuildSpec(gitUrl, ref, buildRoot, dockerfilePath, values, secrets);
    }

    public BuildSpec withBuildRoot(String root) {
        return new BuildSpec(gitUrl, ref, Optional.ofNullable(root), dockerfilePath, env, secretNames);
    }

    public BuildSpec withDockerfilePath(String path) {
        return new BuildSpec(gitUrl, ref, buildRoot, Optional.ofNullable(path), env, secretNames);
    }
}
