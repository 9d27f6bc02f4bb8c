package io.maestro.model.env;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.InjectedVariable.Field;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.service.DatabaseKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables Maestro injects into every container of one application environment: the
 * connection details of each data store group, plus the predefined platform variables.
 *
 * <p>For each data store (service.yml {@code databases} and the manifest's data store components;
 * a database listed only in service.yml gets {@link DataStoreComponent#defaults}) and each of its
 * groups:
 * <ul>
 *   <li>the primary group gets the root names {@code <PREFIX>_ADDRESS}, {@code _PORT}, and for
 *       stores with credentials {@code _USERNAME}, {@code _PASSWORD}, {@code _DATABASE}; plus
 *       {@code _URL} for stores with a URL scheme (all but Memcached);</li>
 *   <li>every other group gets the same fields as {@code <PREFIX>_<GROUP>_ADDRESS}, ... (group
 *       upper-cased, {@code -} → {@code _});</li>
 *   <li>when the manifest names its groups explicitly, the primary group also gets its own
 *       group-scoped names, the root names being aliases of them (as in the reference: "the
 *       default group's variables are aliased to the root names").</li>
 * </ul>
 * Only stores Maestro can provision ({@link DatabaseKind#supported()}) inject variables; see
 * {@link #unsupportedStoreFor(String)}.
 *
 * <pre>{@code
 * InjectedVariables injected = InjectedVariables.of(definition, "production");
 * injected.values().get("POSTGRESQL_ADDRESS"); // Text("postgresql")
 * }</pre>
 */
public final class InjectedVariables {

    /**
     * Read-only variables the platform sets in every container or host (reference §1.4). They are
     * known names for reference checks; their values exist only at run time.
     */
    public static final List<String> PREDEFINED = List.of(
            "SERVER_NAME", "DOCKER_HOST_IP", "WEB_ADDRESS_INT", "WEB_ADDRESS_EXT", "WEB_ADDRESS", "FAILOVER_STATUS");

    private final List<InjectedVariable> variables;
    private final Map<String, InjectedVariable> byName;
    private final Map<String, ResolvedValue> values;
    private final List<DatabaseKind> unsupportedStores;

    private InjectedVariables(List<InjectedVariable> variables, Map<String, ResolvedValue> values,
            List<DatabaseKind> unsupportedStores) {
        this.variables = List.copyOf(variables);
        Map<String, InjectedVariable> index = new LinkedHashMap<>();
        variables.forEach(v -> index.put(v.name(), v));
        this.byName = Collections.unmodifiableMap(index);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.unsupportedStores = List.copyOf(unsupportedStores);
    }

    /** The injected variables of {@code environment} (null: the manifest's common settings). */
    public static InjectedVariables of(AppDefinition definition, String environment) {
        List<InjectedVariable> variables = new ArrayList<>();
        Map<String, ResolvedValue> values = new LinkedHashMap<>();
        List<DatabaseKind> unsupported = new ArrayList<>();
        for (DataStoreComponent store : dataStores(definition, environment)) {
            if (!store.kind().supported()) {
                unsupported.add(store.kind());
                continue;
            }
            boolean explicitGroups = !store.groups().isEmpty();
            for (DataStoreGroup group : store.effectiveGroups()) {
                if (group.primary()) {
                    addGroup(store, group, store.kind().envPrefix(), variables, values);
                }
                if (!group.primary() || explicitGroups) {
                    addGroup(store, group, groupPrefix(store.kind(), group.name()), variables, values);
                }
            }
        }
        return new InjectedVariables(variables, values, unsupported);
    }

    /**
     * The data stores of an environment, in a stable order: service.yml {@code databases} first
     * (as listed), then manifest-only components (in {@link DatabaseKind} order). A manifest
     * component replaces the defaults of the same kind.
     */
    public static List<DataStoreComponent> dataStores(AppDefinition definition, String environment) {
        EnvironmentManifest manifest = definition.manifest().forEnvironment(environment);
        Set<DatabaseKind> kinds = new LinkedHashSet<>(definition.services().databases());
        kinds.addAll(manifest.dataStores().keySet());
        return kinds.stream()
                .map(kind -> manifest.dataStore(kind).orElseGet(() -> DataStoreComponent.defaults(kind)))
                .toList();
    }

    /** The Kubernetes Service name of a group: {@code postgresql} for the primary, {@code mysql-reporting} otherwise. */
    public static String kubernetesServiceName(DatabaseKind kind, DataStoreGroup group) {
        return group.primary() ? kind.key() : kind.key() + "-" + group.name().toLowerCase(Locale.ROOT);
    }

    public static boolean isPredefined(String name) {
        return PREDEFINED.contains(name);
    }

    /** Every injected variable, in injection order. */
    public List<InjectedVariable> list() {
        return variables;
    }

    /** Each injected variable's value, in injection order (see {@link ResolvedEnvironment#injected()}). */
    public Map<String, ResolvedValue> values() {
        return values;
    }

    public Optional<InjectedVariable> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isInjected(String name) {
        return byName.containsKey(name);
    }

    /** Every name a reference may use without defining it: injected plus predefined. */
    public Set<String> knownNames() {
        Set<String> names = new LinkedHashSet<>(byName.keySet());
        names.addAll(PREDEFINED);
        return names;
    }

    /**
     * The declared but unsupported store whose variables {@code name} looks like, e.g. MongoDB for
     * {@code MONGODB_ADDRESS}: such references are warnings, not errors, because the store itself
     * was already reported as not supported yet.
     */
    public Optional<DatabaseKind> unsupportedStoreFor(String name) {
        return unsupportedStores.stream().filter(kind -> name.startsWith(kind.envPrefix() + "_")).findFirst();
    }

    // ---- building ------------------------------------------------------------------------------

    private static String groupPrefix(DatabaseKind kind, String group) {
        return kind.envPrefix() + "_" + group.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static void addGroup(DataStoreComponent store, DataStoreGroup group, String prefix,
            List<InjectedVariable> variables, Map<String, ResolvedValue> values) {
        DatabaseKind kind = store.kind();
        int port = group.configuration().optionalPort()
                .or(() -> store.configuration().optionalPort())
                .orElse(kind.defaultPort());
        String host = kubernetesServiceName(kind, group);
        for (Field field : Field.values()) {
            if (field.isCredential() && !kind.hasCredentials()) {
                continue;
            }
            if (field == Field.URL && scheme(kind).isEmpty()) {
                continue;
            }
            String name = prefix + field.suffix();
            if (values.containsKey(name)) {
                continue; // two stores sharing a prefix: the first one listed wins
            }
            ResolvedValue value = value(kind, group.name(), field, prefix, host, port);
            variables.add(new InjectedVariable(name, kind, group.name(), field, value.secret()));
            values.put(name, value);
        }
    }

    private static ResolvedValue value(DatabaseKind kind, String group, Field field, String prefix, String host, int port) {
        return switch (field) {
            case ADDRESS -> ResolvedValue.text(host, false);
            case PORT -> ResolvedValue.text(Integer.toString(port), false);
            case USERNAME, PASSWORD, DATABASE -> new ResolvedValue(
                    List.of(new ResolvedValue.ProvisionedCredential(kind, group, field)), field == Field.PASSWORD);
            case URL -> url(kind, prefix, host, port);
        };
    }

    /**
     * {@code scheme://$(USERNAME):$(PASSWORD)@host:port/$(DATABASE)} for stores with credentials,
     * {@code scheme://host:port} otherwise. The credentials stay symbolic ({@link ResolvedValue.InjectedVar})
     * so that a renderer can let Kubernetes expand them from the variables defined before.
     */
    private static ResolvedValue url(DatabaseKind kind, String prefix, String host, int port) {
        String scheme = scheme(kind).orElseThrow();
        if (!kind.hasCredentials()) {
            return ResolvedValue.text(scheme + "://" + host + ":" + port, false);
        }
        return new ResolvedValue(List.of(
                new ResolvedValue.Text(scheme + "://"),
                new ResolvedValue.InjectedVar(prefix + Field.USERNAME.suffix()),
                new ResolvedValue.Text(":"),
                new ResolvedValue.InjectedVar(prefix + Field.PASSWORD.suffix()),
                new ResolvedValue.Text("@" + host + ":" + port + "/"),
                new ResolvedValue.InjectedVar(prefix + Field.DATABASE.suffix())), true);
    }

    private static Optional<String> scheme(DatabaseKind kind) {
        return switch (kind) {
            case POSTGRESQL, POSTGIS -> Optional.of("postgresql");
            case MYSQL -> Optional.of("mysql");
            case REDIS -> Optional.of("redis");
            case RABBITMQ -> Optional.of("amqp");
            case MONGODB -> Optional.of("mongodb");
            case ELASTICSEARCH -> Optional.of("http");
            case INFLUXDB -> Optional.of("http");
            case MEMCACHED, GLUSTERFS -> Optional.empty();
        };
    }
}
