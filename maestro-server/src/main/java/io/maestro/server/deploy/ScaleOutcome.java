package io.maestro.server.deploy;

/**
 * What a scale did: the service's replica count went {@code from} → {@code to} within
 * {@code min}..{@code max} ({@code max} is {@link Integer#MAX_VALUE} when unbounded).
 */
public record ScaleOutcome(String service, String environment, int from, int to, int min, int max) {}
