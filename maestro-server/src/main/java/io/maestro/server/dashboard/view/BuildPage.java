package io.maestro.server.dashboard.view;

import java.util.List;

/** One build with its log; {@code eventsUrl} feeds the live log (server-sent events). */
public record BuildPage(Viewer viewer, BuildRow build, List<LogRow> log, String eventsUrl) {}
