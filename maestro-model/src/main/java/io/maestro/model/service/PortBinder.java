package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds {@code ports}: the short string {@code "C[:H[:S]]"}, the bare int and the long map, mixed
 * freely in one list.
 */
final class PortBinder {

    private static final String SHORT_FORM_HINT =
            "the short form is container:http:https, not docker's host:container; use the long form for tcp and udp";

    private final Binder binder;

    PortBinder(Binder binder) {
        this.binder = binder;
    }

    List<PortMapping> bind(YamlNode node, String path) {
        List<PortMapping> ports = new ArrayList<>();
        binder.sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                item(list.items().get(i), KeyPaths.index(path, i)).ifPresent(ports::add);
            }
        });
        return ports;
    }

    private Optional<PortMapping> item(YamlNode node, String path) {
        binder.record(path, node);
        if (node instanceof ScalarNode scalar && !scalar.isNull()) {
            if (scalar.plain() && scalar.isInteger()) {
                return binder.port(node, path).map(PortMapping::internal);
            }
            return shortForm(scalar, path);
        }
        if (node instanceof MappingNode) {
            return longForm(node, path);
        }
        binder.error(node, path, "expected a port number, a \"container[:http[:https]]\" string or a map, got "
                + Binder.describe(node));
        return Optional.empty();
    }

    private Optional<PortMapping> shortForm(ScalarNode scalar, String path) {
        String text = scalar.text().strip();
        String[] fields = text.split(":", -1);
        if (fields.length > 3) {
            binder.error(scalar, path, "expected \"container[:http[:https]]\", got " + Binder.quote(text)
                    + " with " + fields.length + " fields", SHORT_FORM_HINT);
            return Optional.empty();
        }
        if (fields[0].isBlank()) {
            binder.error(scalar, path, "expected a container port before the first ':', got " + Binder.quote(text),
                    SHORT_FORM_HINT);
            return Optional.empty();
        }
        Optional<Integer> container = binder.parsePort(fields[0].strip(), scalar, path);
        Integer http = optionalField(fields, 1, scalar, path);
        Integer https = optionalField(fields, 2, scalar, path);
        boolean fieldError = (fields.length > 1 && !fields[1].isBlank() && http == null)
                || (fields.length > 2 && !fields[2].isBlank() && https == null);
        if (container.isEmpty() || fieldError) {
            return Optional.empty();
        }
        return Optional.of(new PortMapping(container.get(), http, https, null, null, null));
    }

    private Integer optionalField(String[] fields, int index, ScalarNode at, String path) {
        if (fields.length <= index || fields[index].isBlank()) {
            return null;
        }
        return binder.parsePort(fields[index].strip(), at, path).orElse(null);
    }

    private Optional<PortMapping> longForm(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, ServiceYmlKeys.PORT);
        if (!map.has("container")) {
            binder.error(node, path, "missing required key 'container' (the port the container listens on)");
        }
        Optional<Integer> container = map.port("container");
        Integer http = map.port("http").orElse(null);
        Integer https = map.port("https").orElse(null);
        Integer tcp = map.port("tcp").orElse(null);
        Integer udp = map.port("udp").orElse(null);
        String name = map.nonEmptyString("name").orElse(null);
        return container.map(c -> new PortMapping(c, http, https, tcp, udp, name));
    }
}
