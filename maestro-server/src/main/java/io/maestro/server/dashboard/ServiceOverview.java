package io.maestro.server.dashboard;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.service.Service;
import io.maestro.model.source.Diagnostics;
import io.maestro.server.dashboard.view.ServiceRow;
import io.maestro.store.app.ApplicationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services of a stored version as the application page lists them, with the replica count
 * the definition asks for ({@code constraints.min_count}, 1 when unset, as the renderer does).
 * The ready count is not in the store: it comes from the cluster when the deploy engine knows it.
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

    private static String desired(Service service) {
        if (service.type().isDaemonSet()) {
            return "1 per node";
        }
        Integer min = service.constraints() == null ? null : service.constraints().minCount();
        return String.valueOf(min == null ? 1 : Math.max(min, 0));
    }
}
