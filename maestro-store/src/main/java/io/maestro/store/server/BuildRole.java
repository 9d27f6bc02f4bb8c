package io.maestro.store.server;

/**
 * A server's build role: queued builds are dispatched to it, at most {@code slots} at once.
 *
 * @param server the registered server's name
 * @param slots how many builds it runs at the same time (1 to 64)
 */
public record BuildRole(String server, int slots) {}
