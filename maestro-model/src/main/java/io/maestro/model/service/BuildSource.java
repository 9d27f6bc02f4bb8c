package io.maestro.model.service;

import java.util.Objects;

/**
 * Where BuildGrid builds a service's image from, and the commands run around builds and deploys.
 *
 * @param gitUrl repository to clone (SSH or HTTPS form), or null when the service uses {@code image}
 * @param gitBranch branch to build, or null
 * @param buildRoot build context inside the repository; {@code .} by default
 * @param dockerfilePath Dockerfile relative to {@code buildRoot}; {@code Dockerfile} by default
 * @param useHabitus build with a Habitus build.yml (recognised, not supported yet)
 * @param habitusStep the Habitus step whose image is used, or null
 * @param buildCommand run once on the first build, or null
 * @param deployCommand run on every deploy, once per service, or null
 */
public record BuildSource(
        String gitUrl,
        String gitBranch,
        String buildRoot,
        String dockerfilePath,
        boolean useHabitus,
        String habitusStep,
        String buildCommand,
        String deployCommand) {

    public BuildSource {
        buildRoot = Objects.requireNonNullElse(buildRoot, ".");
        dockerfilePath = Objects.requireNonNullElse(dockerfilePath, "Dockerfile");
    }

    public boolean fromGit() {
        return gitUrl != null;
    }
}
