package io.maestro.buildgrid.source;

import io.maestro.buildgrid.BuildException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a service's image comes from: the {@code git_url}, {@code git_branch}, {@code build_root}
 * and {@code dockerfile_path} keys of service.yml (maestro-reference §1.2). {@code build_root}
 * is the build context inside the repository (its root when absent); {@code dockerfile_path} is
 * relative to {@code build_root} ({@code Dockerfile} when absent).
 */
public record BuildSource(String gitUrl, String gitBranch, Optional<String> buildRoot, Optional<String> dockerfilePath) {

    public BuildSource {
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(gitBranch, "gitBranch");
        if (gitUrl.isBlank() || gitUrl.startsWith("-")) {
            throw new BuildException("git_url: expected a repository URL, found '" + gitUrl + "'");
        }
        // A branch starting with '-' would be read by git as an option.
        if (gitBranch.isBlank() || gitBranch.startsWith("-") || gitBranch.contains("..")
                || gitBranch.chars().anyMatch(c -> c <= ' ' || c == '~' || c == '^' || c == ':' || c == '\\'
                        || c == '*' || c == '?' || c == '[')) { // git refuses these in ref names; in a refspec they are globs
            throw new BuildException("git_branch: expected a branch name, found '" + gitBranch + "'");
        }
        buildRoot = buildRoot.filter(root -> !root.isBlank());
        dockerfilePath = dockerfilePath.filter(path -> !path.isBlank());
    }

    public static BuildSource of(String gitUrl, String gitBranch) {
        return new BuildSource(gitUrl, gitBranch, Optional.empty(), Optional.empty());
    }

    public BuildSource withBuildRoot(String root) {
        return new BuildSource(gitUrl, gitBranch, Optional.of(root), dockerfilePath);
    }

    public BuildSource withDockerfilePath(String path) {
        return new BuildSource(gitUrl, gitBranch, buildRoot, Optional.of(path));
    }

    /** The build context inside a checkout; refuses paths that leave the repository. */
    public Path contextIn(Path checkout) {
        return inside(checkout, checkout, buildRoot.orElse("."), "build_root");
    }

    /** The Dockerfile inside a checkout; refuses paths that leave the repository. */
    public Path dockerfileIn(Path checkout) {
        return inside(checkout, contextIn(checkout), dockerfilePath.orElse("Dockerfile"), "dockerfile_path");
    }

    private static Path inside(Path checkout, Path base, String relative, String key) {
        Path root = checkout.toAbsolutePath().normalize();
        Path resolved = base.toAbsolutePath().resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !resolved.startsWith(root)) {
            throw new BuildException(key + ": expected a path inside the repository, found '" + relative + "'");
        }
        return resolved;
    }
}
