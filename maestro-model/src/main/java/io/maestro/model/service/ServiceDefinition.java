package io.maestro.model.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bound {@code service.yml}: the application's container services and the managed data stores
 * it asks for.
 *
 * @param version the optional {@code version} marker (2 for V2 files), null when absent
 * @param services services by name, in file order
 * @param databases the top-level {@code databases} list (plus any service-level ones, merged)
 */
public record ServiceDefinition(Integer version, Map<String, Service> services, List<DatabaseKind> databases) {

    public ServiceDefinition {
        services = Collections2.orderedCopy(services);
        databases = List.copyOf(databases);
    }

    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    static final class Collections2 {
        private Collections2() {}

        static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
            Objects.requireNonNull(map);
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
        }
    }
}
