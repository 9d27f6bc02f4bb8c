package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/** PLACEHOLDER: being written. Binds a service.yml node tree to a {@link ServiceDefinition}. */
public final class ServiceYmlBinder {

    private ServiceYmlBinder() {}

    public static ServiceDefinition bind(YamlNode root, Binder binder) {
        return empty();
    }

    public static ServiceDefinition empty() {
        return new ServiceDefinition(null, Map.of(), List.of());
    }
}
