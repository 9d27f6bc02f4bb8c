package io.maestro.server.hook;

import io.maestro.model.service.BuildSource;
import io.maestro.model.service.Service;
import io.maestro.model.service.ServiceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which git-based services a push concerns: those whose {@code git_url} names the pushed
 * repository (in any spelling, see {@link RepositoryUrl}) and whose {@code git_branch} is the
 * pushed branch. A service without {@code git_branch} follows the repository's default branch.
 */
public final class PushMatcher {

    private PushMatcher() {}

    /** The names of the matching services, sorted. */
    public static Set<String> match(ServiceDefinition definition, GitPush push) {
        Optional<String> branch = push.branch();
        if (branch.isEmpty()) {
            return Set.of();
        }
        Set<String> pushed = push.repositoryUrls().stream().map(RepositoryUrl::normalize).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        Set<String> matched = new TreeSet<>();
        for (Map.Entry<String, Service> entry : definition.services().entrySet()) {
            Optional<BuildSource> build = entry.getValue().optionalBuild().filter(BuildSource::fromGit);
            if (build.isEmpty()) {
                continue;
            }
            boolean sameRepository = RepositoryUrl.normalize(build.get().gitUrl()).map(pushed::contains).orElse(false);
            String wanted = build.get().gitBranch() != null ? build.get().gitBranch() : push.defaultBranch().orElse(null);
            if (sameRepository && branch.get().equals(wanted)) {
                matched.add(entry.getKey());
            }
        }
        return matched;
    }

    /** Why nothing matched, for the answer to the provider (shown in its delivery log). */
    public static String noMatchReason(ServiceDefinition definition, GitPush push) {
        if (push.branch().isEmpty()) {
            return "ref " + push.ref() + " is not a branch";
        }
        List<String> sources = definition.services().entrySet().stream()
                .filter(e -> e.getValue().optionalBuild().filter(BuildSource::fromGit).isPresent())
                .map(e -> e.getKey() + " (" + e.getValue().build().gitUrl() + " "
                        + Optional.ofNullable(e.getValue().build().gitBranch()).orElse("default branch") + ")")
                .sorted()
                .toList();
        String repository = push.repositoryUrls().stream().findFirst().orElse("(no repository URL)");
        return sources.isEmpty()
                ? "no service of the latest version builds from git"
                : "no git-based service follows " + repository + " branch " + push.branch().get()
                        + "; the git-based services are " + String.join(", ", sources);
    }
}
