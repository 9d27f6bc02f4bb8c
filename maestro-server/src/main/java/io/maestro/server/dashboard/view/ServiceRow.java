package io.maestro.server.dashboard.view;

/**
 * A service of the application's latest version with its replica counts.
 *
 * @param image the image reference, or "(built from git)"
 * @param desired the desired replica count (from the cluster when known, else the definition)
 * @param ready ready replicas as text, "?" when the cluster's status is not known
 */
public record ServiceRow(String name, String image, String desired, String ready) {}
