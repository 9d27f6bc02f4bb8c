package io.maestro.model.service;

/**
 * A service tag, rendered as a Kubernetes label. Written {@code key=value}, {@code key:value} or
 * a bare {@code key} (empty value).
 */
public record Tag(String key, String value) {}
