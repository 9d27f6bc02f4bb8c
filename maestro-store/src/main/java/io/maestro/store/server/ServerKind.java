package io.maestro.store.server;

/** How Maestro reaches a server: this machine directly, or over SSH. */
public enum ServerKind { LOCAL, SSH }
