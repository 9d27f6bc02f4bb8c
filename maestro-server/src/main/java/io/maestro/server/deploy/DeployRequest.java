package io.maestro.server.deploy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a deploy request asks for, beyond the application: the CLI's {@code maestro deploy}
 * options, a redeploy hook's query, or a git push webhook's commit.
 *
 * @param environment the environment to deploy to
 * @param version the stored version to deploy; empty means the latest
 * @param services only these services build and publish; empty means every service (or the
 *     profile's choice)
 * @param serviceRefs per service, the git ref or image tag to build or publish
 *     ({@code --service web:REF})
 * @param gitRef the git ref every git-based service builds, unless {@code serviceRefs} names its own
 * @param profile a saved deployment profile by name
 * @param trigger who or what asked, for the log and the audit ("cli", "redeploy hook",
 *     "github push 1a2b3c4")
 */
public record DeployRequest(
        String environment,
        OptionalInt version,
        Set<String> services,
        Map<String, String> serviceRefs,
        Optional<String> gitRef,
        Optional<String> profile,
        String trigger) {

    public DeployRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        services = Set.copyOf(services);
        serviceRefs = Map.copyOf(serviceRefs);
        Objects.requireNonNull(gitRef, "gitRef");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** A plain request: the latest (or the given) version, every service, no refs, no profile. */
    public static DeployRequest of(String environment, OptionalInt version) {
        return new DeployRequest(environment, version, Set.of(), Map.of(), Optional.empty(), Optional.empty(), "api");
    }

    /** Whether anything beyond environment and version was asked (a build or a profile is involved). */
    public boolean hasBuildOptions() {
        return !services.isEmpty() || !serviceRefs.isEmpty() || gitRef.isPresent() || profile.isPresent();
    }
}
