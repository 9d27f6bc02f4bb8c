package io.maestro.server.dashboard.view;

/** A saved version of the application's definition. */
public record VersionRow(int version, String comment, String author, String createdAt) {}
