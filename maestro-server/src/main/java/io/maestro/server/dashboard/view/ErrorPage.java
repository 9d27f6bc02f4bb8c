package io.maestro.server.dashboard.view;

/**
 * A refused or failed page request.
 *
 * @param viewer the logged-in user, or null
 */
public record ErrorPage(Viewer viewer, int status, String title, String message) {}
