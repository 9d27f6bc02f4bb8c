package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.env.EnvPart;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.env.ReferenceProblem;
import io.maestro.model.env.VariableId;
import io.maestro.model.service.Service;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks env var references within one application environment, using {@link EnvResolver}:
 *
 * <ul>
 *   <li>error: {@code _env(SERVICE[svc].NAME)} naming an unknown service (did-you-mean);</li>
 *   <li>error: a reference to a variable nobody defines, without a default;</li>
 *   <li>error: a reference cycle, once per cycle, naming it whole ({@code A -> B -> A});</li>
 *   <li>warning: cross-application ({@code STACK[...]}) and ConfigStore references, which only
 *       the control plane can resolve;</li>
 *   <li>warning: a reference to a variable of a data store that is not supported yet;</li>
 *   <li>error: chains of references too deep, or values too large once references are replaced
 *       (limits in {@link EnvResolver}).</li>
 * </ul>
 *
 * Positions come from the definition's source map: {@code services.<svc>.env_vars.<NAME>} for a
 * service variable, {@code [<env>.]environment_variables.<NAME>} in manifest.yml for an
 * application variable.
 */
public final class EnvReferenceRules {

    private static final int MAX_LISTED = 10;

    private EnvReferenceRules() {}

    public static void check(AppDefinition definition, String environment, Diagnostics diagnostics) {
        EnvResolver.Resolution resolution = EnvResolver.analyse(definition, environment);
        Locator locator = new Locator(definition, environment);
        for (ReferenceProblem problem : resolution.problems()) {
            Location at = locator.locate(problem.owner());
            switch (problem) {
                case ReferenceProblem.UnknownService unknown -> unknownService(definition, unknown, at, diagnostics);
                case ReferenceProblem.UndefinedVariable undefined ->
                        undefinedVariable(definition, resolution, undefined, at, diagnostics);
                case ReferenceProblem.Cycle cycle -> diagnostics.error(at.position(), at.keyPath(),
                        "reference cycle " + cycle.describe() + "; expected references that end at a value",
                        "replace one of the references with a value");
                case ReferenceProblem.ResolvedLater later -> diagnostics.warning(at.position(), at.keyPath(),
                        Binder.quote(later.reference().source()) + " is unresolved offline; resolved by the control plane"
                                + (later.reference() instanceof EnvPart.ConfigStoreRef ? " from ConfigStore" : ""));
                case ReferenceProblem.UnsupportedStoreVariable store -> diagnostics.warning(at.position(), at.keyPath(),
                        Binder.quote(store.reference().source()) + " is not injected: " + store.kind().key()
                                + " is not supported yet",
                        "define " + store.reference().name() + " yourself or give a default: _env("
                                + store.reference().name() + ":default)");
                case ReferenceProblem.TooDeep deep -> diagnostics.error(at.position(), at.keyPath(),
                        "references nested more than " + EnvResolver.MAX_DEPTH + " levels deep ("
                                + chain(deep.chain()) + "); expected at most " + EnvResolver.MAX_DEPTH);
                case ReferenceProblem.TooLarge large when large.wholeApplication() -> diagnostics.error(at.position(),
                        at.keyPath(), "the variables expand to more than " + EnvResolver.MAX_TOTAL_SIZE
                                + " characters once references are replaced; expected at most " + EnvResolver.MAX_TOTAL_SIZE,
                        "references that copy a value twice per level grow exponentially");
                case ReferenceProblem.TooLarge large -> diagnostics.error(at.position(), at.keyPath(),
                        "value is longer than " + EnvResolver.MAX_VALUE_SIZE
                                + " characters once references are replaced; expected at most " + EnvResolver.MAX_VALUE_SIZE);
            }
        }
    }

    private static void unknownService(AppDefinition definition, ReferenceProblem.UnknownService problem,
            Location at, Diagnostics diagnostics) {
        Set<String> services = definition.services().services().keySet();
        String expected = services.isEmpty() ? "this application has no services" : "expected one of " + listed(services);
        diagnostics.error(at.position(), at.keyPath(),
                "unknown service " + Binder.quote(problem.reference().service()) + " in "
                        + Binder.quote(problem.reference().source()) + "; " + expected,
                DidYouMean.hint(problem.reference().service(), services).orElse(null));
    }

    private static void undefinedVariable(AppDefinition definition, EnvResolver.Resolution resolution,
            ReferenceProblem.UndefinedVariable problem, Location at, Diagnostics diagnostics) {
        String name = problem.name();
        String source = Binder.quote(problem.reference().source());
        boolean braces = problem.reference().source().startsWith("{{");
        if (problem.reference() instanceof EnvPart.ServiceVar serviceVar) {
            Set<String> known = definition.services().service(serviceVar.service())
                    .map(s -> s.envVars().keySet()).orElse(Set.of());
            String hint = DidYouMean.hint(name, known).orElse("define it under services." + serviceVar.service()
                    + ".env_vars" + (braces ? "" : " or give a default: _env(SERVICE[" + serviceVar.service() + "]."
                    + name + ":default)"));
            diagnostics.error(at.position(), at.keyPath(), "undefined variable " + Binder.quote(name) + " in " + source
                    + "; expected a variable of service " + Binder.quote(serviceVar.service()), hint);
            return;
        }
        VariableId owner = problem.owner();
        Set<String> known = new TreeSet<>(resolution.environment().application().keySet());
        known.addAll(resolution.injected().knownNames());
        Optional<String> hint;
        // A variable that passes itself through (DB_PASSWORD: _env(DB_PASSWORD), as converted compose
        // files do) must get its value from the application level: pointing it at itself is a cycle.
        boolean passesItselfThrough = owner.name().equals(name);
        if (!owner.isApplication() && !passesItselfThrough && definition.services().service(owner.service())
                .map(Service::envVars).map(vars -> vars.containsKey(name)).orElse(false)) {
            // _env(NAME) is application-level; the user most likely meant the service's own variable.
            hint = Optional.of("'" + name + "' is a variable of service " + owner.service() + ": write _env(SERVICE["
                    + owner.service() + "]." + name + ")");
        } else {
            hint = DidYouMean.hint(name, known);
        }
        diagnostics.error(at.position(), at.keyPath(), "undefined variable " + Binder.quote(name) + " in " + source
                        + "; expected an application variable, an injected variable or a default",
                hint.orElse("define it under environment_variables in manifest.yml"
                        + (braces ? "" : " or give a default: _env(" + name + ":default)")));
    }

    private static String chain(List<VariableId> chain) {
        List<String> shown = chain.stream().limit(4).map(VariableId::display).toList();
        return String.join(" -> ", shown) + " -> ...";
    }

    private static String listed(Set<String> names) {
        List<String> shown = new ArrayList<>(names).subList(0, Math.min(MAX_LISTED, names.size()));
        return String.join(", ", shown) + (names.size() > MAX_LISTED ? ", ..." : "");
    }

    /** Where a variable was written, and the key path to print for it. */
    private record Location(SourcePosition position, String keyPath) {}

    /** Finds the position of a variable's definition in service.yml or manifest.yml. */
    private static final class Locator {
        private final AppDefinition definition;
        private final String environment;

        Locator(AppDefinition definition, String environment) {
            this.definition = definition;
            this.environment = environment;
        }

        Location locate(VariableId id) {
            if (!id.isApplication()) {
                String path = KeyPaths.child(KeyPaths.child(KeyPaths.child("services", id.service()), "env_vars"), id.name());
                return new Location(definition.sources().at(path), path);
            }
            List<String> sections = new ArrayList<>();
            if (environment != null && definition.manifest().hasEnvironment(environment)) {
                sections.add(KeyPaths.child(environment, "environment_variables"));
            }
            sections.add("environment_variables");
            for (String section : sections) {
                String path = KeyPaths.child(section, id.name());
                Optional<SourcePosition> exact = manifestExact(path);
                if (exact.isPresent()) {
                    return new Location(exact.get(), path);
                }
            }
            String fallback = KeyPaths.child("environment_variables", id.name());
            return new Location(sections.stream().map(this::manifestExact).flatMap(Optional::stream).findFirst()
                    .orElseGet(this::manifestStart), fallback);
        }

        private Optional<SourcePosition> manifestExact(String path) {
            return definition.sources().exact(AppDefinition.MANIFEST_PATH_PREFIX + path);
        }

        private SourcePosition manifestStart() {
            return definition.sources().asMap().entrySet().stream()
                    .filter(e -> e.getKey().startsWith(AppDefinition.MANIFEST_PATH_PREFIX))
                    .map(e -> SourcePosition.startOf(e.getValue().file()))
                    .findFirst()
                    .orElse(SourcePosition.startOf("manifest.yml"));
        }
    }
}
