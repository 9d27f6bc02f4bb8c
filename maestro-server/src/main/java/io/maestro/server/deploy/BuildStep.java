package io.maestro.server.deploy;

import io.maestro.model.AppDefinition;
import io.maestro.model.service.BuildSource;
import io.maestro.model.service.Service;
import io.maestro.model.service.ServiceDefinition;
import io.maestro.store.audit.Actor;
import io.maestro.store.publish.DeploymentOptions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The deploy engine's {@code build} step: decides the image every service publishes in this
 * deployment and returns the definition with those images, before anything is applied or started.
 * <ul>
 *   <li>a git-based service in scope is built through {@link ImageBuilds} at its ref
 *       ({@code serviceRefs}, else {@code gitRef}, else its {@code git_branch}); a failed build
 *       fails the deployment here, so nothing running changes;</li>
 *   <li>an image service given a ref publishes its image with that tag;</li>
 *   <li>a service out of scope (or a git-based one under a {@code --no-build} profile) publishes the
 *       image the last successful deployment used, so it does not change; a git-based one that was
 *       never built is built anyway (there is nothing else to run).</li>
 * </ul>
 */
final class BuildStep {

    /**
     * The definition to publish, the image of every service, and the services whose image differs
     * from the last successful deployment's (what strategy {@code fast} publishes).
     */
    record Outcome(AppDefinition definition, Map<String, String> images, Set<String> changed, Set<String> built) {}

    private BuildStep() {}

    /** Whether the step has anything to do (a git-based service, a ref, a narrowed scope). */
    static boolean needed(AppDefinition definition, DeploymentOptions options) {
        return !options.services().isEmpty() || !options.serviceRefs().isEmpty()
                || definition.services().services().values().stream().anyMatch(BuildStep::fromGit);
    }

    static Outcome run(AppDefinition definition, String application, DeploymentOptions options,
            Map<String, String> previous, ImageBuilds builds, Function<String, BuildVariables> variables, Actor actor,
            Consumer<String> log, List<String> notes) {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        Set<String> changed = new LinkedHashSet<>();
        Set<String> built = new LinkedHashSet<>();
        for (Service service : definition.services().services().values()) {
            String name = service.name();
            Optional<String> before = Optional.ofNullable(previous.get(name)).filter(image -> !placeholder(application, name, image));
            String image;
            if (fromGit(service)) {
                if ((!options.inScope(name) || !options.build()) && before.isPresent()) {
                    image = before.get();
                    notes.add(name + " not built: " + (options.inScope(name) ? "the profile does not build" : "not in scope")
                            + ", publishes " + image);
                } else if (!options.build() && options.inScope(name)) {
                    throw new DeployException(DeployException.Reason.CONFLICT, "service " + name + " has never been built and"
                            + " profile " + options.profile() + " does not build; deploy once without the profile (or with a"
                            + " profile that builds)");
                } else {
                    image = build(application, service, ref(service, options), builds, variables, actor, log);
                    built.add(name);
                    notes.add(name + " built: " + image);
                }
            } else {
                String declared = service.image();
                if (!options.inScope(name) && before.isPresent()) {
                    image = before.get();
                } else if (options.serviceRefs().containsKey(name)) {
                    image = withTag(declared, options.serviceRefs().get(name));
                    notes.add(name + " publishes " + image);
                } else {
                    image = declared;
                }
            }
            if (!before.map(image::equals).orElse(false)) {
                changed.add(name);
            }
            images.put(name, image);
            services.put(name, image.equals(service.image()) ? service : withImage(service, image));
        }
        if (built.isEmpty()) {
            notes.add("nothing built");
        }
        notes.add(changed.isEmpty() ? "no image changed" : "new images: " + String.join(", ", changed));
        ServiceDefinition serviceDefinition = new ServiceDefinition(definition.services().version(), services,
                definition.services().databases());
        return new Outcome(new AppDefinition(serviceDefinition, definition.manifest(), definition.sources(), definition.warnings()),
                images, changed, built);
    }

    /** Nothing to build or choose: the definition as loaded, every service counted as changed. */
    static Outcome unchanged(AppDefinition definition) {
        Map<String, String> images = new LinkedHashMap<>();
        definition.services().services().forEach((name, service) -> service.optionalImage().ifPresent(i -> images.put(name, i)));
        return new Outcome(definition, images, new LinkedHashSet<>(definition.services().services().keySet()), Set.of());
    }

    /** A rollback: the services run the images of the deployment it redeploys (those it recorded). */
    static Outcome pinned(AppDefinition definition, Map<String, String> pinned) {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (Service service : definition.services().services().values()) {
            String image = pinned.get(service.name());
            services.put(service.name(), image == null || image.equals(service.image()) ? service : withImage(service, image));
            if (image != null || service.image() != null) {
                images.put(service.name(), image != null ? image : service.image());
            }
        }
        ServiceDefinition serviceDefinition = new ServiceDefinition(definition.services().version(), services,
                definition.services().databases());
        return new Outcome(new AppDefinition(serviceDefinition, definition.manifest(), definition.sources(), definition.warnings()),
                images, new LinkedHashSet<>(services.keySet()), Set.of());
    }

    static boolean fromGit(Service service) {
        return service.image() == null && service.optionalBuild().filter(BuildSource::fromGit).isPresent();
    }

    private static Optional<String> ref(Service service, DeploymentOptions options) {
        return Optional.ofNullable(options.serviceRefs().get(service.name())).or(() -> Optional.ofNullable(options.gitRef()));
    }

    private static String build(String application, Service service, Optional<String> ref, ImageBuilds builds,
            Function<String, BuildVariables> variables, Actor actor, Consumer<String> log) {
        if (builds == null) {
            throw new DeployException(DeployException.Reason.CONFLICT, "service " + service.name() + " is built from git ("
                    + service.build().gitUrl() + ") but this control plane has no BuildGrid to build it; give the service an"
                    + " image: or run a control plane with builds");
        }
        log.accept("build " + service.name() + ": " + service.build().gitUrl() + " at " + ref.orElse(
                service.build().gitBranch() == null ? "the default branch" : service.build().gitBranch()));
        return builds.build(application, service.name(), service.build(), ref, variables.apply(service.name()), actor,
                line -> log.accept(service.name() + " | " + line));
    }

    /** The placeholder the renderer writes for a git-based service never built ({@code APP/SERVICE:BRANCH}). */
    private static boolean placeholder(String application, String service, String image) {
        return image.startsWith(application + "/" + service + ":");
    }

    /** {@code image} with its tag (or digest) replaced by {@code tag}: {@code acme/web:1.0} → {@code acme/web:1.1}. */
    static String withTag(String image, String tag) {
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name + ":" + tag;
    }

    /** The same service running {@code image}. */
    static Service withImage(Service s, String image) {
        return new Service(s.name(), image, s.build(), s.type(), s.command(), s.workDir(), s.envVars(), s.ports(),
                s.trafficMatches(), s.volumes(), s.logFolder(), s.health(), s.lifecycle(), s.constraints(),
                s.serviceAccountName(), s.securityContext(), s.tags(), s.annotations(), s.dnsBehaviour(),
                s.loadBalancing(), s.restartOnDeploy());
    }
}
