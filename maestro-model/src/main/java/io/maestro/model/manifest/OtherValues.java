package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects documented keys that have no typed field as text, for a configuration's {@code other}
 * map: scalars as written, lists joined with {@code ","}. Nested documented keys are stored by the
 * caller under dotted names ({@code activeprotect.health_check.endpoint}).
 */
final class OtherValues {

    private final Binder binder;
    private final Map<String, String> values = new LinkedHashMap<>();

    OtherValues(Binder binder) {
        this.binder = binder;
    }

    /** Keeps {@code value} (found at key path {@code path}) under {@code name}. */
    void add(String name, YamlNode value, String path) {
        binder.record(path, value);
        switch (value) {
            case ScalarNode scalar when scalar.isNull() -> { }
            case ScalarNode scalar -> values.put(name, scalar.text());
            case SequenceNode list -> {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < list.items().size(); i++) {
                    binder.string(list.items().get(i), KeyPaths.index(path, i)).ifPresent(items::add);
                }
                values.put(name, String.join(",", items));
            }
            // Documented maps (activeprotect.health_check, ...) are read key by key with their own checks and
            // stored with put(); a map where text is expected is a mistake.
            case MappingNode map -> binder.error(map, path, "expected a string or a list of strings, got a map");
        }
    }

    /** Keeps an already checked value. */
    void put(String name, String text) {
        values.put(name, text);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Map<String, String> values() {
        return values;
    }
}
