package io.maestro.model.validate;

import io.maestro.model.AppDefinition;
import io.maestro.model.manifest.DataStoreComponent;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.Manifest;
import io.maestro.model.service.DatabaseKind;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import io.maestro.model.source.KeyPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service names that Maestro itself gives to Kubernetes Services in the application's namespace,
 * which a user service must therefore not take: one namespace cannot hold two Services of one name.
 *
 * <ul>
 *   <li>each data store of the application (service.yml {@code databases}, or a manifest component
 *       in any environment) is reached through a Service named after it: {@code postgresql},
 *       {@code mysql}, {@code redis}, {@code memcached}, {@code rabbitmq}, and {@code <kind>-<group>}
 *       for groups other than the primary one (see {@link DataStoreComponent#serviceName});
 *   <li>a service with {@code tcp} or {@code udp} ports also gets {@code <service>-l4}, the Service
 *       that exposes those ports outside the cluster.
 * </ul>
 *
 * Data stores Maestro does not provision yet (mongodb, ...) get no Service, so they take no name.
 */
final class RenderedNameRules {

    /** Suffix of the Service that exposes a service's tcp/udp ports; the renderer uses the same. */
    static final String LAYER4_SUFFIX = "-l4";

    private RenderedNameRules() {}

    static void check(AppDefinition definition, Reporter report) {
        Map<String, String> taken = dataStoreServices(definition);
        for (Service service : definition.services().services().values()) {
            if (service.ports().stream().anyMatch(RenderedNameRules::isLayer4)) {
                taken.putIfAbsent(service.name() + LAYER4_SUFFIX,
                        "the Service Maestro renders for the tcp/udp ports of service '" + service.name() + "'");
            }
        }
        for (Service service : definition.services().services().values()) {
            String owner = taken.get(service.name());
            if (owner != null) {
                report.error(KeyPaths.child("services", service.name()), "expected a service name that Maestro "
                        + "does not use itself, got '" + service.name() + "', the name of " + owner,
                        "rename the service, for example '" + alternative(service.name(), taken) + "'");
            }
        }
    }

    /** Data store Service name → what it is, over every environment (any of them may be rendered). */
    private static Map<String, String> dataStoreServices(AppDefinition definition) {
        Map<String, String> names = new LinkedHashMap<>();
        for (DatabaseKind kind : definition.services().databases()) {
            if (kind.supported()) {
                names.putIfAbsent(kind.key(), description(kind, null));
            }
        }
        Manifest manifest = definition.manifest();
        List<EnvironmentManifest> blocks = new ArrayList<>();
        blocks.add(manifest.common());
        manifest.environmentNames().forEach(name -> blocks.add(manifest.forEnvironment(name)));
        for (EnvironmentManifest block : blocks) {
            for (DataStoreComponent component : block.dataStores().values()) {
                if (!component.kind().supported()) {
                    continue;
                }
                for (DataStoreGroup group : component.effectiveGroups()) {
                    names.putIfAbsent(component.serviceName(group),
                            description(component.kind(), group.primary() ? null : group.name()));
                }
            }
        }
        return names;
    }

    private static String description(DatabaseKind kind, String group) {
        return "the Service Maestro renders for the " + (group == null ? "" : "'" + group + "' group of the ")
                + kind.key() + " data store";
    }

    private static boolean isLayer4(PortMapping port) {
        return port.tcp() != null || port.udp() != null;
    }

    private static String alternative(String name, Map<String, String> taken) {
        String base = name.length() > 59 ? name.substring(0, 59).replaceAll("-+$", "") : name;
        String candidate = base + "-app";
        for (int i = 2; taken.containsKey(candidate); i++) {
            candidate = base + "-app" + i;
        }
        return candidate;
    }
}
