package io.maestro.server.dashboard.view;

import java.util.List;

/**
 * A deployment with its steps and log so far; while it runs, the page's script appends what the
 * {@code eventsUrl} stream (server-sent events) sends.
 */
public record DeploymentPage(Viewer viewer, DeploymentRow deployment, List<StepRow> steps, List<LogRow> log,
        String eventsUrl) {}
