package io.maestro.server.dashboard.view;

/** A step of a deployment's journal. */
public record StepRow(int seq, String name, String status, String detail) {}
