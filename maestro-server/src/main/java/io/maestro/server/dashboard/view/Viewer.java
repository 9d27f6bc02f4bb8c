package io.maestro.server.dashboard.view;

/**
 * The logged-in user as every page shows them, with the session's CSRF token for the page's forms.
 *
 * @param canDeploy whether the user is a deployer or admin: only then are deploy and rollback buttons shown
 */
public record Viewer(String user, String role, String csrfToken, boolean canDeploy) {}
