package io.maestro.server.dashboard.view;

/** A build as the dashboard lists it (times formatted, status in lower case; {@code server}: where it ran). */
public record BuildRow(long id, String application, String service, String kind, String status, String ref, String commit,
        String image, String createdAt, long meteredSeconds, String detail, boolean finished, String server) {}
