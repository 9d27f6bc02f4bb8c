package io.maestro.model.env;

import io.maestro.model.AppDefinition;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves env var references within one application environment (docs/env-vars.md).
 *
 * <ul>
 *   <li>Application variables are the manifest's {@code environment_variables} for the
 *       environment; each service has its own {@code env_vars}.</li>
 *   <li>{@code _env(NAME)} / {@code {{NAME}}} is an application-level reference, wherever it is
 *       written: it looks NAME up among the application variables, then the injected data store
 *       variables, then the predefined ones, then uses the default. It never looks at the
 *       referring service's own variables: write {@code _env(SERVICE[web].NAME)} for those. So a
 *       service may set {@code DATABASE_URL: _env(DATABASE_URL)} without creating a cycle.</li>
 *   <li>{@code _env(SERVICE[svc].NAME)} looks at that service's variables (the referring service
 *       included), then the default.</li>
 *   <li>References to injected or predefined variables stay symbolic ({@link ResolvedValue.InjectedVar});
 *       cross-application and ConfigStore references become {@link ResolvedValue.Unresolved}.</li>
 *   <li>{@code AUTO_GENERATE[_n]} becomes {@link ResolvedValue.Generated} owned by the variable
 *       that contains it ({@code SESSION_SECRET}, {@code web.SECRET_KEY_BASE}; a second token in
 *       the same value is {@code web.X#2}); a reference to that variable copies the segment, so
 *       both see the same generated value.</li>
 *   <li>A value is secret when its name is ({@link SecretNames}), when it contains a generated
 *       value, when it copies a secret value, or when part of it is only known to the control
 *       plane (which may well be a secret).</li>
 * </ul>
 *
 * Every variable is resolved once (memoized); a variable met again while it is being resolved
 * closes a cycle, which is recorded as a {@link ReferenceProblem.Cycle} and cut with an
 * {@link ResolvedValue.Unresolved} segment. The resolver never throws on user input, and its
 * work is bounded: chains deeper than {@link #MAX_DEPTH}, values above {@link #MAX_VALUE_SIZE}
 * and expansions above {@link #MAX_TOTAL_SIZE} are cut and reported
 * ({@link ReferenceProblem.TooDeep}, {@link ReferenceProblem.TooLarge}).
 */
public final class EnvResolver {

    /** Longest chain of references followed; deeper chains are cut (and reported) to bound the stack. */
    public static final int MAX_DEPTH = 64;

    /**
     * Largest resolved value, in characters: Linux's limit for one environment string
     * ({@code MAX_ARG_STRLEN}). A symbolic segment counts as {@value #SYMBOLIC_SEGMENT_SIZE}.
     */
    public static final int MAX_VALUE_SIZE = 131_072;

    /** Largest size of all resolved values together, so that no input can exhaust memory. */
    public static final int MAX_TOTAL_SIZE = 8 * 1024 * 1024;

    static final int SYMBOLIC_SEGMENT_SIZE = 16;

    static final String CONTROL_PLANE_APPLICATION = "resolved by the control plane (another application)";
    static final String CONTROL_PLANE_CONFIG_STORE = "resolved by the control plane (ConfigStore)";

    private EnvResolver() {}

    /** Every variable of the environment resolved; problems are left for {@link #analyse}. */
    public static ResolvedEnvironment resolve(AppDefinition definition, String environment) {
        return analyse(definition, environment).environment();
    }

    /** Resolves everything and also returns what is wrong or unresolvable offline. */
    public static Resolution analyse(AppDefinition definition, String environment) {
        return new Run(definition, environment).run();
    }

    /**
     * The outcome of resolving an application's variables.
     *
     * @param environment the resolved values
     * @param problems undefined and unknown references, cycles and control-plane references, in
     *     the order found (application variables first, then services in file order)
     * @param injected the injected variables used for the resolution
     */
    public record Resolution(ResolvedEnvironment environment, List<ReferenceProblem> problems, InjectedVariables injected) {
        public Resolution {
            problems = List.copyOf(problems);
        }
    }

    /** One resolution: holds the memo, the stack of variables being resolved, and the problems. */
    private static final class Run {
        private final AppDefinition definition;
        private final Map<String, EnvValue> applicationVariables;
        private final InjectedVariables injected;
        private final Map<VariableId, ResolvedValue> memo = new HashMap<>();
        private final List<VariableId> resolving = new ArrayList<>();
        private final Map<VariableId, Integer> fileOrder = new HashMap<>();
        private final Set<List<VariableId>> cyclesSeen = new LinkedHashSet<>();
        private final List<ReferenceProblem> problems = new ArrayList<>();
        private long totalSize;
        private boolean budgetExhausted;
        private boolean depthReported;

        Run(AppDefinition definition, String environment) {
            this.definition = definition;
            this.applicationVariables = definition.manifest().forEnvironment(environment).environmentVariables();
            this.injected = InjectedVariables.of(definition, environment);
            applicationVariables.keySet().forEach(name -> fileOrder.put(VariableId.application(name), fileOrder.size()));
            definition.services().services().values().forEach(service -> service.envVars().keySet()
                    .forEach(name -> fileOrder.put(VariableId.ofService(service.name(), name), fileOrder.size())));
        }

        Resolution run() {
            Map<String, ResolvedValue> application = new LinkedHashMap<>();
            applicationVariables.keySet().forEach(name -> application.put(name, variable(VariableId.application(name))));
            Map<String, Map<String, ResolvedValue>> services = new LinkedHashMap<>();
            for (Service service : definition.services().services().values()) {
                Map<String, ResolvedValue> values = new LinkedHashMap<>();
                service.envVars().keySet().forEach(name ->
                        values.put(name, variable(VariableId.ofService(service.name(), name))));
                services.put(service.name(), values);
            }
            return new Resolution(new ResolvedEnvironment(application, injected.values(), services), problems, injected);
        }

        private Optional<EnvValue> definitionOf(VariableId id) {
            if (id.isApplication()) {
                return Optional.ofNullable(applicationVariables.get(id.name()));
            }
            return definition.services().service(id.service()).map(s -> s.envVars().get(id.name()));
        }

        /** The resolved value of a defined variable. */
        private ResolvedValue variable(VariableId id) {
            ResolvedValue known = memo.get(id);
            if (known != null) {
                return known;
            }
            if (budgetExhausted) {
                return cut(id, "too large");
            }
            int loopStart = resolving.indexOf(id);
            if (loopStart >= 0) {
                recordCycle(new ArrayList<>(resolving.subList(loopStart, resolving.size())));
                return cut(id, "reference cycle");
            }
            if (resolving.size() >= MAX_DEPTH) {
                if (!depthReported) {
                    depthReported = true;
                    problems.add(new ReferenceProblem.TooDeep(resolving));
                }
                return cut(id, "references nested too deep");
            }
            resolving.add(id);
            Segments segments = resolveParts(id, definitionOf(id).orElse(EnvValue.literal("")));
            resolving.remove(resolving.size() - 1);
            ResolvedValue value = segments.build();
            if (segments.overflowed()) {
                problems.add(new ReferenceProblem.TooLarge(id, false));
                value = cut(id, "too large");
            }
            totalSize += segments.size();
            if (totalSize > MAX_TOTAL_SIZE && !budgetExhausted) {
                budgetExhausted = true;
                problems.add(new ReferenceProblem.TooLarge(id, true));
            }
            memo.put(id, value);
            return value;
        }

        private static ResolvedValue cut(VariableId id, String reason) {
            return new ResolvedValue(List.of(new ResolvedValue.Unresolved(id.display(), reason)), false);
        }

        private Segments resolveParts(VariableId owner, EnvValue value) {
            Segments segments = new Segments(SecretNames.isSecretName(owner.name()));
            int generated = 0;
            for (EnvPart part : value.parts()) {
                switch (part) {
                    case EnvPart.Literal literal -> segments.text(literal.text());
                    case EnvPart.PassThrough pass -> segments.text("$(" + pass.name() + ")");
                    case EnvPart.AutoGenerate auto -> {
                        generated++;
                        String generatedOwner = generated == 1 ? owner.display() : owner.display() + "#" + generated;
                        segments.add(new ResolvedValue.Generated(generatedOwner, auto.length()), true);
                    }
                    case EnvPart.AppVar app -> segments.copy(applicationReference(owner, app));
                    case EnvPart.ServiceVar service -> segments.copy(serviceReference(owner, service));
                    case EnvPart.StackVar stack -> {
                        problems.add(new ReferenceProblem.ResolvedLater(owner, stack));
                        segments.add(new ResolvedValue.Unresolved(stack.source(), CONTROL_PLANE_APPLICATION), true);
                    }
                    case EnvPart.ConfigStoreRef store -> {
                        problems.add(new ReferenceProblem.ResolvedLater(owner, store));
                        segments.add(new ResolvedValue.Unresolved(store.source(), CONTROL_PLANE_CONFIG_STORE), true);
                    }
                }
            }
            return segments;
        }

        private ResolvedValue applicationReference(VariableId owner, EnvPart.AppVar reference) {
            String name = reference.name();
            if (applicationVariables.containsKey(name)) {
                return variable(VariableId.application(name));
            }
            Optional<InjectedVariable> injectedVariable = injected.find(name);
            if (injectedVariable.isPresent()) {
                return new ResolvedValue(List.of(new ResolvedValue.InjectedVar(name)), injectedVariable.get().secret());
            }
            if (InjectedVariables.isPredefined(name)) {
                return new ResolvedValue(List.of(new ResolvedValue.InjectedVar(name)), false);
            }
            if (reference.defaultValue() != null) {
                return ResolvedValue.text(reference.defaultValue(), false);
            }
            Optional<DatabaseKind> unsupported = injected.unsupportedStoreFor(name);
            if (unsupported.isPresent()) {
                problems.add(new ReferenceProblem.UnsupportedStoreVariable(owner, reference, unsupported.get()));
                return unresolved(reference, unsupported.get().key() + " is not supported yet");
            }
            problems.add(new ReferenceProblem.UndefinedVariable(owner, reference, name));
            return unresolved(reference, "undefined variable");
        }

        private ResolvedValue serviceReference(VariableId owner, EnvPart.ServiceVar reference) {
            Optional<Service> service = definition.services().service(reference.service());
            if (service.isEmpty()) {
                problems.add(new ReferenceProblem.UnknownService(owner, reference));
                return reference.defaultValue() != null
                        ? ResolvedValue.text(reference.defaultValue(), false)
                        : unresolved(reference, "unknown service");
            }
            if (service.get().envVars().containsKey(reference.name())) {
                return variable(VariableId.ofService(reference.service(), reference.name()));
            }
            if (reference.defaultValue() != null) {
                return ResolvedValue.text(reference.defaultValue(), false);
            }
            problems.add(new ReferenceProblem.UndefinedVariable(owner, reference, reference.name()));
            return unresolved(reference, "undefined variable");
        }

        private static ResolvedValue unresolved(EnvPart.Reference reference, String reason) {
            return new ResolvedValue(List.of(new ResolvedValue.Unresolved(reference.source(), reason)), false);
        }

        /** Records a loop once, rotated to start at the variable defined first. */
        private void recordCycle(List<VariableId> loop) {
            int first = 0;
            for (int i = 1; i < loop.size(); i++) {
                if (fileOrder.getOrDefault(loop.get(i), Integer.MAX_VALUE)
                        < fileOrder.getOrDefault(loop.get(first), Integer.MAX_VALUE)) {
                    first = i;
                }
            }
            List<VariableId> path = new ArrayList<>(loop.subList(first, loop.size()));
            path.addAll(loop.subList(0, first));
            if (cyclesSeen.add(List.copyOf(path))) {
                path.add(path.get(0));
                problems.add(new ReferenceProblem.Cycle(path));
            }
        }
    }

    /**
     * Builds a value's segments, joining adjacent text, and tracks whether it is secret and its
     * size; anything that would take it beyond {@link #MAX_VALUE_SIZE} is dropped (and flagged)
     * before it is copied, so an oversized value costs no more than the limit.
     */
    private static final class Segments {
        private final List<ResolvedValue.Segment> segments = new ArrayList<>();
        private final StringBuilder pendingText = new StringBuilder();
        private boolean secret;
        private long size;
        private boolean overflowed;

        Segments(boolean secret) {
            this.secret = secret;
        }

        void text(String text) {
            if (fits(text.length())) {
                pendingText.append(text);
            }
        }

        void add(ResolvedValue.Segment segment, boolean makesSecret) {
            secret |= makesSecret;
            if (fits(SYMBOLIC_SEGMENT_SIZE)) {
                appendSymbolic(segment);
            }
        }

        void copy(ResolvedValue value) {
            secret |= value.secret();
            if (!fits(sizeOf(value))) {
                return;
            }
            for (ResolvedValue.Segment segment : value.segments()) {
                if (segment instanceof ResolvedValue.Text text) {
                    pendingText.append(text.text());
                } else {
                    appendSymbolic(segment);
                }
            }
        }

        private void appendSymbolic(ResolvedValue.Segment segment) {
            flushText();
            segments.add(segment);
        }

        private boolean fits(long extra) {
            if (overflowed || size + extra > MAX_VALUE_SIZE) {
                overflowed = true;
                return false;
            }
            size += extra;
            return true;
        }

        private void flushText() {
            if (!pendingText.isEmpty()) {
                segments.add(new ResolvedValue.Text(pendingText.toString()));
                pendingText.setLength(0);
            }
        }

        boolean overflowed() {
            return overflowed;
        }

        long size() {
            return size;
        }

        ResolvedValue build() {
            flushText();
            return new ResolvedValue(segments, secret);
        }

        static long sizeOf(ResolvedValue value) {
            long total = 0;
            for (ResolvedValue.Segment segment : value.segments()) {
                total += segment instanceof ResolvedValue.Text text ? text.text().length() : SYMBOLIC_SEGMENT_SIZE;
            }
            return total;
        }
    }
}
