package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a {@code service.yml} node tree to a {@link ServiceDefinition}, checking every key against
 * {@link ServiceYmlKeys} and reporting every problem to the binder's diagnostics (it never throws
 * on bad input). V1 spellings are mapped to their V2 meaning with a warning naming the V2 form.
 *
 * <pre>{@code
 * Binder binder = new Binder("service.yml", diagnostics);
 * ServiceDefinition definition = ServiceYmlBinder.bind(root, binder);
 * }</pre>
 */
public final class ServiceYmlBinder {

    private static final String EXAMPLE = "for example: services: {web: {image: acme/web:1.0, ports: [\"3000:80\"]}}";

    private ServiceYmlBinder() {}

    public static ServiceDefinition bind(YamlNode root, Binder binder) {
        MapReader top = binder.fields(root, "", ServiceYmlKeys.ROOT);
        if (!top.valid()) {
            return empty();
        }
        Integer version = top.integer("version", 1, Integer.MAX_VALUE).orElse(null);
        DatabasesBinder databases = new DatabasesBinder(binder);
        top.get("databases").ifPresent(node -> databases.bind(node, "databases"));
        Map<String, Service> services = services(top, binder, databases);
        return new ServiceDefinition(version, services, databases.kinds());
    }

    public static ServiceDefinition empty() {
        return new ServiceDefinition(null, Map.of(), List.of());
    }

    private static Map<String, Service> services(MapReader top, Binder binder, DatabasesBinder databases) {
        Optional<YamlNode> node = top.get("services");
        if (node.isEmpty()) {
            binder.error(top.node(), "services", "missing; expected a map of service names to services", EXAMPLE);
            return Map.of();
        }
        Optional<MappingNode> map = binder.mapping(node.get(), "services");
        if (map.isEmpty()) {
            return Map.of();
        }
        if (map.get().isEmpty()) {
            binder.error(node.get(), "services", "expected at least one service", EXAMPLE);
            return Map.of();
        }
        ServiceBinder serviceBinder = new ServiceBinder(binder, databases);
        Map<String, Service> services = new LinkedHashMap<>();
        for (MappingNode.Entry entry : map.get().entries()) {
            String path = KeyPaths.child("services", entry.name());
            binder.record(path, entry.key());
            serviceBinder.bind(entry.name(), entry.value(), path).ifPresent(s -> services.put(entry.name(), s));
        }
        return services;
    }
}
