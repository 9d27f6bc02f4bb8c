package io.maestro.server.dashboard.view;

import java.util.List;

/** The applications list, by name. */
public record AppsPage(Viewer viewer, List<AppRow> apps) {}
