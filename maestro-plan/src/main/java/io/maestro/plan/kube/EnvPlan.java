package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.maestro.model.env.ResolvedValue;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's container environment and where each value lives.
 *
 * <p>Order (Kubernetes expands {@code $(VAR)} only from variables defined <em>earlier</em>):
 * data store variables first ({@code _ADDRESS}/{@code _PORT} as literal values,
 * {@code _USERNAME}/{@code _PASSWORD}/{@code _DATABASE} from the data store's Secret), then the
 * other variables Maestro injects, then application variables, then the service's own. A later
 * definition of the same name replaces the earlier one and takes its own position.
 *
 * <p>Each variable is listed explicitly (no {@code envFrom}) so the order is deterministic:
 * <ul>
 *   <li>a fully known plain value → ConfigMap {@code <service>-env}, {@code configMapKeyRef};
 *   <li>a fully known secret value (or an {@code AUTO_GENERATE}) → Secret {@code <service>-env},
 *       {@code secretKeyRef};
 *   <li>a plain value that refers to other container variables ({@code $(VAR)} or an injected
 *       variable) → inline {@code value}, because Kubernetes expands {@code $(VAR)} in
 *       {@code value} but never in values read through {@code valueFrom};
 *   <li>a secret value that refers to other variables → its literal runs go to the Secret as
 *       helper keys {@code _MAESTRO_<NAME>_<n>} and the variable is the inline concatenation
 *       {@code $(_MAESTRO_<NAME>_1)$(POSTGRESQL_PASSWORD)...}, so no secret text reaches the
 *       workload spec.
 * </ul>
 * References that only the control plane can resolve are written as {@code <unresolved: SOURCE>}
 * and their variables listed in {@link #unresolved()}.
 *
 * @param env the container's env, in order
 * @param config ConfigMap data
 * @param secret Secret values in clear; {@link SecretValues} masks them when written
 * @param unresolved names of variables whose value is not fully known offline
 */
record EnvPlan(List<EnvVar> env, Map<String, String> config, Map<String, String> secret, List<String> unresolved) {

    private static final Pattern PASS_THROUGH = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
    static final String HELPER_PREFIX = "_MAESTRO_";

    static EnvPlan of(RenderContext context, Service service) {
        Builder builder = new Builder(context, Names.suffixed(service.name(), "env"));
        builder.addDataStores();
        context.variables().injected().forEach(builder::addIfAbsent);
        context.variables().application().forEach(builder::add);
        context.variables().service(service.name()).forEach(builder::add);
        return builder.build();
    }

    /** Marker text for a reference the control plane resolves; contains no {@code $(}. */
    static String unresolvedMarker(String source) {
        return "<unresolved: " + source.replace("$(", "$ (") + ">";
    }

    private static final class Builder {
        private final RenderContext context;
        private final String objectName;
        private final Map<String, EnvVar> env = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> secret = new LinkedHashMap<>();
        private final List<String> unresolved = new ArrayList<>();

        Builder(RenderContext context, String objectName) {
            this.context = context;
            this.objectName = objectName;
        }

        void addDataStores() {
            for (DataStoreEndpoint store : context.dataStores()) {
                for (String prefix : store.envPrefixes()) {
                    put(literal(prefix + "_ADDRESS", store.serviceName()));
                    put(literal(prefix + "_PORT", Integer.toString(store.port())));
                    if (store.kind().hasCredentials()) {
                        put(secretRef(prefix + "_USERNAME", store.secretName(), DataStoreEndpoint.KEY_USERNAME));
                        put(secretRef(prefix + "_PASSWORD", store.secretName(), DataStoreEndpoint.KEY_PASSWORD));
                        put(secretRef(prefix + "_DATABASE", store.secretName(), DataStoreEndpoint.KEY_DATABASE));
                    }
                }
            }
        }

        void addIfAbsent(String name, ResolvedValue value) {
            if (!env.containsKey(name)) {
                add(name, value);
            }
        }

        void add(String name, ResolvedValue value) {
            // A redefinition replaces the earlier value everywhere, including its ConfigMap/Secret key.
            env.remove(name);
            config.remove(name);
            secret.remove(name);
            unresolved.remove(name);
            List<Piece> pieces = pieces(name, value);
            boolean isSecret = value.secret() || value.segments().stream().anyMatch(ResolvedValue.Generated.class::isInstance);
            boolean refers = pieces.stream().anyMatch(p -> p.reference() != null);
            if (!refers) {
                String text = join(pieces);
                if (isSecret) {
                    secret.put(name, text);
                    put(secretRef(name, objectName, name));
                } else {
                    config.put(name, text);
                    put(new EnvVarBuilder().withName(name).withNewValueFrom()
                            .withNewConfigMapKeyRef(name, objectName, null).endValueFrom().build());
                }
            } else if (!isSecret) {
                StringBuilder inline = new StringBuilder();
                pieces.forEach(p -> inline.append(p.reference() != null ? "$(" + p.reference() + ")" : p.text()));
                put(literal(name, inline.toString()));
            } else {
                put(literal(name, splitSecret(name, pieces)));
            }
        }

        /** Stores the literal runs of a secret value as helper keys; returns the inline concatenation. */
        private String splitSecret(String name, List<Piece> pieces) {
            StringBuilder inline = new StringBuilder();
            StringBuilder run = new StringBuilder();
            int part = 0;
            for (Piece piece : pieces) {
                if (piece.reference() == null) {
                    run.append(piece.text());
                    continue;
                }
                part = flushRun(name, run, part, inline);
                inline.append("$(").append(piece.reference()).append(')');
            }
            flushRun(name, run, part, inline);
            return inline.toString();
        }

        private int flushRun(String name, StringBuilder run, int part, StringBuilder inline) {
            if (run.isEmpty()) {
                return part;
            }
            String helper = HELPER_PREFIX + name + "_" + (part + 1);
            secret.put(helper, run.toString());
            // Put now, so the helper precedes the variable that expands it.
            put(secretRef(helper, objectName, helper));
            inline.append("$(").append(helper).append(')');
            run.setLength(0);
            return part + 1;
        }

        /** The value as literal pieces and references to container variables. */
        private List<Piece> pieces(String name, ResolvedValue value) {
            List<Piece> pieces = new ArrayList<>();
            for (ResolvedValue.Segment segment : value.segments()) {
                switch (segment) {
                    case ResolvedValue.Text text -> splitPassThrough(text.text(), pieces);
                    case ResolvedValue.InjectedVar injected -> {
                        if (!env.containsKey(injected.name())) {
                            markUnresolved(name);
                        }
                        pieces.add(Piece.ref(injected.name()));
                    }
                    case ResolvedValue.Generated generated ->
                            pieces.add(Piece.text(context.secrets().generated(generated.owner(), generated.length())));
                    case ResolvedValue.Unresolved open -> {
                        markUnresolved(name);
                        pieces.add(Piece.text(unresolvedMarker(open.source())));
                    }
                    // e.g. the password inside POSTGRESQL_URL: expand the variable addDataStores defined.
                    case ResolvedValue.ProvisionedCredential credential -> pieces.add(Piece.ref(credentialVariable(credential)));
                }
            }
            return pieces;
        }

        private String credentialVariable(ResolvedValue.ProvisionedCredential credential) {
            return context.dataStores().stream()
                    .filter(store -> store.kind() == credential.kind() && store.group().equals(credential.group()))
                    .findFirst()
                    .map(store -> store.envPrefixes().get(0) + credential.field().suffix())
                    .orElseThrow(() -> new IllegalStateException("credential of a data store that is not rendered: "
                            + credential.kind().key() + "/" + credential.group()));
        }

        private void markUnresolved(String name) {
            if (!unresolved.contains(name)) {
                unresolved.add(name);
            }
        }

        private static void splitPassThrough(String text, List<Piece> pieces) {
            Matcher m = PASS_THROUGH.matcher(text);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) {
                    pieces.add(Piece.text(text.substring(last, m.start())));
                }
                pieces.add(Piece.ref(m.group(1)));
                last = m.end();
            }
            if (last < text.length()) {
                pieces.add(Piece.text(text.substring(last)));
            }
        }

        private static String join(List<Piece> pieces) {
            StringBuilder text = new StringBuilder();
            pieces.forEach(p -> text.append(p.text()));
            return text.toString();
        }

        private void put(EnvVar var) {
            env.remove(var.getName());
            env.put(var.getName(), var);
        }

        private static EnvVar literal(String name, String value) {
            return new EnvVarBuilder().withName(name).withValue(value).build();
        }

        private static EnvVar secretRef(String name, String secretName, String key) {
            return new EnvVarBuilder().withName(name).withNewValueFrom()
                    .withNewSecretKeyRef(key, secretName, null).endValueFrom().build();
        }

        EnvPlan build() {
            return new EnvPlan(List.copyOf(env.values()), config, secret, unresolved);
        }
    }

    /** Literal text, or a reference to another container variable. */
    private record Piece(String text, String reference) {
        static Piece text(String text) {
            return new Piece(text, null);
        }

        static Piece ref(String name) {
            return new Piece(null, name);
        }
    }
}
