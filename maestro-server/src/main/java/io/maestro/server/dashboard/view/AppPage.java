package io.maestro.server.dashboard.view;

import java.util.List;

/**
 * An application: its services with replica counts, recent deployments, versions, and (for
 * deployers) the deploy and rollback forms.
 *
 * @param environment the environment the services' counts and the forms are for
 * @param statusNote says where the replica counts come from (or why they are unknown)
 */
public record AppPage(Viewer viewer, String name, String environment, List<ServiceRow> services,
        String statusNote, List<DeploymentRow> deployments, List<VersionRow> versions) {}
