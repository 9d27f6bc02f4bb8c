package io.maestro.cli.online;

/**
 * One server-sent event from a {@code text/event-stream}: its type ({@code event:}, "message"
 * when absent), its data (the {@code data:} lines joined by newlines) and its id, null when absent.
 */
public record ServerEvent(String event, String data, String id) {}
