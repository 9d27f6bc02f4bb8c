package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.bind.MapReader;
import io.maestro.model.env.EnvReferenceParser;
import io.maestro.model.env.EnvSyntaxException;
import io.maestro.model.env.EnvValue;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a {@code manifest.yml} node tree to a {@link Manifest}, reporting every problem to the
 * binder's diagnostics.
 *
 * <p>The environment level is optional and detected per top-level key: a component name or
 * {@code environment_variables} is a common setting (it applies to every environment); any other
 * key whose value is a map of components is an environment. A key that is neither gets an error
 * with a did-you-mean against the component names. Key paths are the YAML paths:
 * {@code postgresql.servers[0].server} for a common setting,
 * {@code production.postgresql.servers[0].server} inside an environment.
 *
 * <pre>{@code
 * Manifest manifest = ManifestBinder.bind(root, new Binder("manifest.yml", diagnostics));
 * EnvironmentManifest production = manifest.forEnvironment("production");
 * }</pre>
 */
public final class ManifestBinder {

    private static final Set<String> LEVEL_KEYS = Set.copyOf(ManifestKeys.ENVIRONMENT.childNames());
    /** Keys found inside a component: a top-level map made of these is a misspelt component, not an environment. */
    private static final Set<String> COMPONENT_INNER_KEYS = Set.of("configuration", "servers", "groups");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Binder binder;
    private final ServerBinder servers;
    private final DockerBinder docker;
    private final DataStoreBinder dataStores;
    private final LoadBalancerBinder loadBalancer;

    private ManifestBinder(Binder binder) {
        this.binder = binder;
        this.servers = new ServerBinder(binder);
        this.docker = new DockerBinder(binder, servers);
        this.dataStores = new DataStoreBinder(binder, servers);
        this.loadBalancer = new LoadBalancerBinder(binder, servers);
    }

    public static Manifest bind(YamlNode root, Binder binder) {
        return new ManifestBinder(binder).manifest(root);
    }

    private Manifest manifest(YamlNode root) {
        if (root instanceof ScalarNode scalar && scalar.isNull()) {
            return Manifest.EMPTY;
        }
        if (!(root instanceof MappingNode map)) {
            binder.error(root, "", "expected a map of components (docker, postgresql, ...) or of environments, got "
                    + Binder.describe(root));
            return Manifest.EMPTY;
        }
        List<MappingNode.Entry> common = new ArrayList<>();
        Map<String, EnvironmentManifest> environments = new LinkedHashMap<>();
        for (MappingNode.Entry entry : map.entries()) {
            String name = entry.name();
            if (LEVEL_KEYS.contains(name)) {
                common.add(entry);
            } else if (isEnvironment(entry)) {
                binder.record(name, entry.key());
                if (!NetworkNames.isDnsLabel(name)) {
                    binder.error(entry.key(), KeyPaths.child("", name), "expected an environment name made of lowercase "
                            + "letters, digits and '-' (at most 63), got " + Binder.quote(name),
                            "environments name Kubernetes namespaces");
                }
                environments.put(name, environment(entry.value(), name));
            } else {
                binder.error(entry.key(), KeyPaths.child("", name), "unknown key: expected a component ("
                                + String.join(", ", ManifestKeys.supportedComponentNames())
                                + ") or an environment holding components",
                        DidYouMean.hint(name, LEVEL_KEYS).orElse(null));
            }
        }
        EnvironmentManifest settings = environment(new MappingNode(common, root.position()), "");
        return new Manifest(settings, environments);
    }

    /**
     * An environment is a map that names at least one component, or (so that a fresh
     * {@code staging: {}} works) a map with no component keys whose name is not a misspelt component.
     */
    private static boolean isEnvironment(MappingNode.Entry entry) {
        YamlNode value = entry.value();
        boolean looksLikeComponent = DidYouMean.closest(entry.name(), LEVEL_KEYS).isPresent();
        if (value instanceof ScalarNode scalar && scalar.isNull()) {
            return !looksLikeComponent;
        }
        if (!(value instanceof MappingNode map)) {
            return false;
        }
        if (map.entries().stream().anyMatch(e -> LEVEL_KEYS.contains(e.name()))) {
            return true;
        }
        boolean hasComponentKeys = map.entries().stream().anyMatch(e -> COMPONENT_INNER_KEYS.contains(e.name()));
        return !hasComponentKeys && !looksLikeComponent;
    }

    private EnvironmentManifest environment(YamlNode node, String path) {
        MapReader level = binder.fields(node, path, ManifestKeys.ENVIRONMENT);
        DockerComponent cluster = null;
        LoadBalancerComponent balancer = null;
        Map<DatabaseKind, DataStoreComponent> stores = new LinkedHashMap<>();
        Map<String, EnvValue> variables = Map.of();
        List<String> unsupported = new ArrayList<>();
        for (MappingNode.Entry entry : level.node().entries()) {
            String name = entry.name();
            Optional<KeySpec> spec = ManifestKeys.ENVIRONMENT.child(name);
            if (spec.isEmpty() || spec.get().status() == KeySpec.Status.REJECTED) {
                continue; // reported by the key table
            }
            if (spec.get().status() == KeySpec.Status.NOT_SUPPORTED_YET) {
                unsupported.add(name);
                continue;
            }
            switch (name) {
                case "docker" -> cluster = docker.bind(level.fields(name));
                case "load_balancer" -> balancer = loadBalancer.bind(level.fields(name));
                case "environment_variables" -> variables = variables(entry.value(), level.pathOf(name));
                default -> DatabaseKind.fromKey(name)
                        .ifPresent(kind -> stores.put(kind, dataStores.bind(kind, level.fields(name))));
            }
        }
        return new EnvironmentManifest(cluster, stores, balancer, variables, unsupported);
    }

    private Map<String, EnvValue> variables(YamlNode node, String path) {
        Optional<MappingNode> map = binder.mapping(node, path);
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<String, EnvValue> variables = new LinkedHashMap<>();
        for (MappingNode.Entry entry : map.get().entries()) {
            String name = entry.name();
            String valuePath = KeyPaths.child(path, name);
            binder.record(valuePath, entry.value());
            if (!VARIABLE_NAME.matcher(name).matches()) {
                binder.error(entry.key(), valuePath, "expected a variable name of letters, digits and '_' that does not "
                        + "start with a digit, got " + Binder.quote(name));
                continue;
            }
            Optional<String> text = entry.value() instanceof ScalarNode scalar && scalar.isNull()
                    ? Optional.of("")
                    : binder.string(entry.value(), valuePath);
            text.flatMap(raw -> parse(raw, entry.value(), valuePath)).ifPresent(value -> variables.put(name, value));
        }
        return variables;
    }

    private Optional<EnvValue> parse(String raw, YamlNode at, String path) {
        try {
            return Optional.of(EnvReferenceParser.parse(raw));
        } catch (EnvSyntaxException e) {
            binder.error(at, path, e.getMessage());
            return Optional.empty();
        }
    }
}
