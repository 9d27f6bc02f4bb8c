package io.maestro.server.env;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.MaestroException;
import io.maestro.model.bind.Binder;
import io.maestro.model.env.EnvPart;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.env.ReferenceProblem;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.env.ResolvedValue;
import io.maestro.model.env.VariableId;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourcePosition;
import io.maestro.store.Store;
import io.maestro.store.app.Application;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.auth.Role;
import io.maestro.store.auth.User;
import io.maestro.store.env.EnvVarChange;
import io.maestro.store.secret.SecretName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves cross-application references ({@code _env(STACK[APP].NAME[:default])},
 * {@code _env(STACK[APP].SERVICE[svc].NAME[:default])}, {@code {{STACK[APP].NAME}}}) for a
 * deployment, which {@link EnvResolver} leaves as {@link ResolvedValue.Unresolved} segments.
 *
 * <p>The value of {@code NAME} in application {@code APP} for the deployment's environment is the
 * one set through the API for that environment, else the one set through the API for every
 * environment, else the value in APP's latest version. {@code APP} is the application's name.
 *
 * <p>Permission: the reference documents that the caller needs admin rights on the other
 * application. Roles are global here, so the user who requested the deployment must be an admin,
 * or an admin must have shared APP's variables with this application
 * ({@code maestro env-vars share APP --with THIS}).
 *
 * <p>Every value holding such a reference stays secret (it goes to the Secret, never to the
 * ConfigMap, and is never logged), whatever the referenced variable is.
 *
 * <p>Every unresolvable reference is reported at once, naming the referencing variable and where
 * it is written; nothing is resolved when one fails.
 */
public final class StackReferences {

    private final Store store;

    public StackReferences(Store store) {
        this.store = store;
    }

    /** A reference that cannot be resolved, or that the requester may not read; lists every problem. */
    public static final class UnresolvableReferenceException extends MaestroException {
        private final List<String> problems;

        UnresolvableReferenceException(List<String> problems) {
            super((problems.size() == 1 ? "" : problems.size() + " cross-application references cannot be resolved: ")
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Replaces every cross-application reference of {@code resolution} (for {@code application} in
     * {@code environment}, requested by user {@code requestedBy}) with the referenced value.
     *
     * @return the environment with the references replaced; the same one when there is none
     * @throws UnresolvableReferenceException when a reference names a missing application or
     *     variable without a default, or the requester may not read the other application
     */
    public ResolvedEnvironment resolve(AppDefinition definition, EnvResolver.Resolution resolution, String application,
            String environment, String requestedBy) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        // One refusal per application the requester may not read, naming every variable that references it.
        Map<String, List<String>> refusedBy = new LinkedHashMap<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (ReferenceProblem problem : resolution.problems()) {
            if (!(problem instanceof ReferenceProblem.ResolvedLater later)
                    || !(later.reference() instanceof EnvPart.StackVar stack)
                    || values.containsKey(stack.source())) {
                continue;
            }
            String owner = later.owner().display() + " (" + locate(definition, environment, later.owner()) + ")";
            try {
                values.put(stack.source(), value(stack, application, environment, requestedBy));
            } catch (NotAllowed refusal) {
                List<String> owners = refusedBy.computeIfAbsent(refusal.other, other -> new ArrayList<>());
                if (!owners.contains(owner)) {
                    owners.add(owner);
                }
                refusals.putIfAbsent(refusal.other, refusal.getMessage());
            } catch (Refusal refusal) {
                problems.add(owner + " " + Binder.quote(stack.source()) + ": " + refusal.getMessage());
            }
        }
        refusedBy.forEach((other, owners) -> problems.add(0, String.join(", ", owners) + " reference"
                + (owners.size() == 1 ? "s" : "") + " application " + Binder.quote(other) + ": " + refusals.get(other)));
        if (!problems.isEmpty()) {
            throw new UnresolvableReferenceException(problems);
        }
        if (values.isEmpty()) {
            return resolution.environment();
        }
        ResolvedEnvironment in = resolution.environment();
        Map<String, Map<String, ResolvedValue>> services = new LinkedHashMap<>();
        in.services().forEach((service, vars) -> services.put(service, replaced(vars, values)));
        return new ResolvedEnvironment(replaced(in.application(), values), replaced(in.injected(), values), services);
    }

    private String value(EnvPart.StackVar stack, String application, String environment, String requestedBy) {
        Optional<Application> other = store.applications().find(stack.stack());
        if (other.isEmpty()) {
            return stack.optionalDefault().orElseThrow(() -> new Refusal("no application named " + Binder.quote(stack.stack())
                    + "; expected the name of a stored application (or give a default: _env(STACK[" + stack.stack() + "]."
                    + (stack.service() == null ? "" : "SERVICE[" + stack.service() + "].") + stack.name() + ":default))"));
        }
        checkAllowed(other.get().name(), application, requestedBy);
        Optional<String> found = apiValue(other.get().name(), stack.service(), environment, stack.name());
        if (found.isEmpty()) {
            found = definitionValue(other.get(), stack.service(), environment, stack.name());
        }
        return found.or(stack::optionalDefault).orElseThrow(() -> new Refusal("application " + Binder.quote(other.get().name())
                + " has no variable " + Binder.quote(stack.name())
                + (stack.service() == null ? "" : " in service " + Binder.quote(stack.service()))
                + " in environment " + environment + "; expected one set with maestro env-vars set or defined in its "
                + (stack.service() == null ? "manifest.yml environment_variables" : "service.yml env_vars")
                + " (or give a default)"));
    }

    private void checkAllowed(String other, String application, String requestedBy) {
        Optional<User> user = store.users().find(requestedBy);
        if (user.isPresent() && user.get().role().allows(Role.ADMIN)) {
            return;
        }
        if (store.envVarShares().isShared(other, application)) {
            return;
        }
        throw new NotAllowed(other, "reading its variables needs the role admin or a share,"
                + " and the deployment was requested by " + Binder.quote(requestedBy)
                + user.map(u -> " (" + u.role().name().toLowerCase() + ")").orElse("")
                + "; an admin can share them: maestro env-vars share " + other + " --with " + application);
    }

    private Optional<String> apiValue(String other, String service, String environment, String name) {
        Optional<EnvVarChange> set = store.envVars().current(other, service, environment, name)
                .or(() -> store.envVars().current(other, service, null, name));
        return set.map(change -> change.isSecret()
                ? store.secrets().get(EnvVarValues.secretOf(change)).orElseThrow(() -> new Refusal("variable "
                        + Binder.quote(name) + " of application " + Binder.quote(other) + " is a secret missing from"
                        + " the secret store; set it again with maestro env-vars set"))
                : change.value());
    }

    private Optional<String> definitionValue(Application other, String service, String environment, String name) {
        if (other.latestVersion() == 0) {
            return Optional.empty();
        }
        ApplicationVersion stored = store.versions().find(other.name(), other.latestVersion()).orElse(null);
        if (stored == null) {
            return Optional.empty();
        }
        AppDefinition definition = DefinitionLoader.create().load(
                DefinitionLoader.Source.text("service.yml", stored.serviceYml()),
                Optional.ofNullable(stored.manifestYml()).map(text -> DefinitionLoader.Source.text("manifest.yml", text)),
                environment);
        ResolvedEnvironment resolved = EnvResolver.resolve(definition, environment);
        ResolvedValue value = (service == null ? resolved.application() : resolved.service(service)).get(name);
        if (value == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (ResolvedValue.Segment segment : value.segments()) {
            switch (segment) {
                case ResolvedValue.Text t -> text.append(t.text());
                case ResolvedValue.Generated g -> text.append(store.secrets()
                        .get(new SecretName(other.name(), "generated:" + environment, g.owner()))
                        .orElseThrow(() -> new Refusal(Binder.quote(name) + " of application " + Binder.quote(other.name())
                                + " is generated (AUTO_GENERATE) and not generated yet in environment " + environment
                                + "; deploy " + other.name() + " to " + environment + " first")));
                default -> throw new Refusal(Binder.quote(name) + " of application " + Binder.quote(other.name())
                        + " is only known inside that application's containers (it refers to " + describe(segment)
                        + "); expected a value: set one with maestro env-vars set");
            }
        }
        return Optional.of(text.toString());
    }

    private static String describe(ResolvedValue.Segment segment) {
        return switch (segment) {
            case ResolvedValue.InjectedVar v -> "the injected variable " + v.name();
            case ResolvedValue.Unresolved u -> u.source();
            case ResolvedValue.ProvisionedCredential c -> "a " + c.kind().key() + " credential";
            default -> segment.toString();
        };
    }

    private static Map<String, ResolvedValue> replaced(Map<String, ResolvedValue> vars, Map<String, String> values) {
        Map<String, ResolvedValue> out = new LinkedHashMap<>();
        vars.forEach((name, value) -> {
            boolean replacedOne = false;
            List<ResolvedValue.Segment> segments = new ArrayList<>();
            for (ResolvedValue.Segment segment : value.segments()) {
                if (segment instanceof ResolvedValue.Unresolved u && values.containsKey(u.source())) {
                    replacedOne = true;
                    appendText(segments, values.get(u.source()));
                } else if (segment instanceof ResolvedValue.Text t) {
                    appendText(segments, t.text());
                } else {
                    segments.add(segment);
                }
            }
            // A value that reads another application's variable is kept secret: it may well be one.
            out.put(name, replacedOne ? new ResolvedValue(segments, true) : value);
        });
        return out;
    }

    private static void appendText(List<ResolvedValue.Segment> segments, String text) {
        if (!segments.isEmpty() && segments.get(segments.size() - 1) instanceof ResolvedValue.Text previous) {
            segments.set(segments.size() - 1, new ResolvedValue.Text(previous.text() + text));
        } else {
            segments.add(new ResolvedValue.Text(text));
        }
    }

    /** {@code service.yml:12:9} for a service variable, the manifest's position for an application variable. */
    static String locate(AppDefinition definition, String environment, VariableId id) {
        List<String> paths = new ArrayList<>();
        if (!id.isApplication()) {
            paths.add(KeyPaths.child(KeyPaths.child(KeyPaths.child("services", id.service()), "env_vars"), id.name()));
        } else {
            if (environment != null) {
                paths.add(AppDefinition.MANIFEST_PATH_PREFIX + KeyPaths.child(KeyPaths.child(environment, "environment_variables"), id.name()));
            }
            paths.add(AppDefinition.MANIFEST_PATH_PREFIX + KeyPaths.child("environment_variables", id.name()));
        }
        for (String path : paths) {
            Optional<SourcePosition> at = definition.sources().exact(path);
            if (at.isPresent()) {
                SourcePosition p = at.get();
                return p.file() + ":" + p.line() + ":" + p.column();
            }
        }
        return id.isApplication() ? "manifest.yml" : "service.yml";
    }

    /** One reference's problem, collected with the others'. */
    private static class Refusal extends MaestroException {
        Refusal(String message) {
            super(message);
        }
    }

    /** The requester may not read application {@code other}'s variables. */
    private static final class NotAllowed extends Refusal {
        private final String other;

        NotAllowed(String other, String message) {
            super(message);
            this.other = other;
        }
    }
}
