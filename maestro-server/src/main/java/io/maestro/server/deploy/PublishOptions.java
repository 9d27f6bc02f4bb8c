package io.maestro.server.deploy;

import io.maestro.model.AppDefinition;
import io.maestro.model.service.Service;
import io.maestro.store.Store;
import io.maestro.store.publish.DeploymentOptions;
import io.maestro.store.publish.DeploymentProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link DeployRequest} into the {@link DeploymentOptions} stored with the deployment,
 * checked against the version's definition before anything is queued (bad input changes nothing):
 * <ul>
 *   <li>the services in scope are the named ones plus every service given a ref; none named means
 *       the profile's services, else every service;</li>
 *   <li>a ref of a git-based service is a git ref (branch, tag or commit); a ref of an image
 *       service is the image tag to publish;</li>
 *   <li>a profile gives the scope (unless the request names services), whether git-based services
 *       build, and the strategy.</li>
 * </ul>
 */
final class PublishOptions {

    /** Branches, tags, commits: no blanks, no shell or option tricks, no "..". */
    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}");
    /** An image tag as registries accept it. */
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private PublishOptions() {}

    /** The options for a deployment of {@code version}; {@code deploymentId} is set when it is queued. */
    static DeploymentOptions of(Store store, String application, int version, DeployRequest request) {
        AppDefinition definition = DesiredState.load(store, application, version, request.environment());
        Map<String, Service> services = definition.services().services();
        DeploymentProfile profile = request.profile().map(name -> store.deploymentProfiles().find(application, name)
                .orElseThrow(() -> new DeployException(DeployException.Reason.INVALID, "profile: application '" + application
                        + "' has no deployment profile '" + name + "'; create it with `maestro profiles create "
                        + application + " " + name + "` or list them with `maestro profiles list " + application + "`")))
                .orElse(null);

        Set<String> scope = new LinkedHashSet<>(request.services().stream().sorted().toList());
        scope.addAll(request.serviceRefs().keySet().stream().sorted().toList());
        if (scope.isEmpty() && profile != null) {
            scope.addAll(profile.services());
        }
        List<String> unknown = scope.stream().filter(s -> !services.containsKey(s)).toList();
        if (!unknown.isEmpty()) {
            throw new DeployException(DeployException.Reason.INVALID, "services: version " + version + " of " + application
                    + " has no service " + String.join(", ", unknown) + " (it has " + String.join(", ", services.keySet()) + ")");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        request.serviceRefs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Service service = services.get(e.getKey());
            boolean git = service.optionalBuild().filter(b -> b.fromGit()).isPresent() && service.image() == null;
            Pattern pattern = git ? GIT_REF : IMAGE_TAG;
            if (!pattern.matcher(e.getValue()).matches() || e.getValue().contains("..")) {
                throw new DeployException(DeployException.Reason.INVALID, "serviceRefs." + e.getKey() + ": expected "
                        + (git ? "a git branch, tag or commit (letters, digits, '_', '.', '/', '-')"
                                : "an image tag (letters, digits, '_', '.', '-'; service " + e.getKey() + " uses image "
                                        + service.image() + ")") + ", got '" + e.getValue() + "'");
            }
            refs.put(e.getKey(), e.getValue());
        });
        request.gitRef().ifPresent(ref -> {
            if (!GIT_REF.matcher(ref).matches() || ref.contains("..")) {
                throw new DeployException(DeployException.Reason.INVALID,
                        "gitRef: expected a git branch, tag or commit (letters, digits, '_', '.', '/', '-'), got '" + ref + "'");
            }
        });
        return new DeploymentOptions(0, new ArrayList<>(scope), refs, request.gitRef().orElse(null),
                profile == null ? null : profile.name(),
                profile == null ? DeploymentOptions.PARALLEL : profile.strategy(),
                profile == null || profile.build(), request.trigger());
    }

    /** A request without build options: every service, built, strategy parallel. */
    static DeploymentOptions plain(String trigger) {
        return new DeploymentOptions(0, List.of(), Map.of(), null, null, DeploymentOptions.PARALLEL, true, trigger);
    }

    /** The same options for the queued deployment {@code id}. */
    static DeploymentOptions forDeployment(DeploymentOptions options, long id) {
        return new DeploymentOptions(id, options.services(), options.serviceRefs(), options.gitRef(), options.profile(),
                options.strategy(), options.build(), options.trigger());
    }

    /** For the audit log: {@code ", services web, refs web=v2, profile quick (fast, no build)"}. */
    static String describe(DeploymentOptions options) {
        StringBuilder text = new StringBuilder();
        if (!options.services().isEmpty()) {
            text.append(", services ").append(String.join(" ", options.services()));
        }
        if (!options.serviceRefs().isEmpty()) {
            text.append(", refs ");
            options.serviceRefs().forEach((service, ref) -> text.append(service).append('=').append(ref).append(' '));
            text.setLength(text.length() - 1);
        }
        if (options.gitRef() != null) {
            text.append(", git ref ").append(options.gitRef());
        }
        if (options.profile() != null) {
            text.append(", profile ").append(options.profile()).append(" (").append(options.strategy())
                    .append(options.build() ? "" : ", no build").append(')');
        }
        return text.toString();
    }
}
