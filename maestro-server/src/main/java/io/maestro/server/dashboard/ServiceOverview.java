package io.maestro.server.dashboard;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.service.Service;
import io.maestro.model.source.Diagnostics;
import io.maestro.server.dashboard.view.ServiceRow;
import io.maestro.server.deploy.EnvironmentStatus;
import io.maestro.store.app.ApplicationVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The services of a stored version as the application page lists them, with the replica count
 * the definition asks for ({@code constraints.min_count}, 1 when unset, as the renderer does).
 * The ready count is not in the store: {@link #withStatus} takes it from what the cluster reports.
 */
final class ServiceOverview {

    private final DefinitionLoader loader = DefinitionLoader.create();

    List<ServiceRow> services(Optional<ApplicationVersion> version) {
        if (version.isEmpty()) {
            return List.of();
        }
        ApplicationVersion v = version.get();
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition definition = loader.loadCollecting(
                DefinitionLoader.Source.text("service.yml", v.serviceYml()),
                Optional.ofNullable(v.manifestYml()).map(text -> DefinitionLoader.Source.text("manifest.yml", text)),
                null, diagnostics);
        List<ServiceRow> rows = new ArrayList<>();
        for (Service service : definition.services().services().values()) {
            rows.add(new ServiceRow(service.name(),
                    service.image() == null ? "(built from git)" : service.image(),
                    desired(service), "?"));
        }
        return rows;
    }

    /**
     * The rows with the counts the cluster reports for each service it knows; services the
     * cluster does not report keep the definition's desired count and an unknown ready count.
     */
    static List<ServiceRow> withStatus(List<ServiceRow> rows, List<EnvironmentStatus.ServiceStatus> reported) {
        Map<String, EnvironmentStatus.ServiceStatus> byName = new LinkedHashMap<>();
        reported.forEach(status -> byName.put(status.name(), status));
        List<ServiceRow> out = new ArrayList<>();
        for (ServiceRow row : rows) {
            EnvironmentStatus.ServiceStatus status = byName.remove(row.name());
            out.add(status == null ? row : new ServiceRow(row.name(),
                    status.images().isEmpty() ? row.image() : String.join(", ", status.images()),
                    String.valueOf(status.desired()), String.valueOf(status.ready())));
        }
        // Running but no longer in the latest version: still worth seeing.
        byName.values().forEach(status -> out.add(new ServiceRow(status.name(), String.join(", ", status.images()),
                String.valueOf(status.desired()), String.valueOf(status.ready()))));
        return out;
    }

    private static String desired(Service service) {
        if (service.type().isDaemonSet()) {
            return "1 per node";
        }
        Integer min = service.constraints() == null ? null : service.constraints().minCount();
        return String.valueOf(min == null ? 1 : Math.max(min, 0));
    }
}
