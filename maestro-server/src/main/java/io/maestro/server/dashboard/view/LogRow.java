package io.maestro.server.dashboard.view;

/** A line of a deployment's log. */
public record LogRow(String time, String line) {}
