package io.maestro.server.dashboard.view;

/**
 * One application in the list.
 *
 * @param lastDeployment the newest deployment in any environment, or null when never deployed
 */
public record AppRow(String name, int latestVersion, DeploymentRow lastDeployment) {}
