package io.maestro.plan.lb;

/** How requests are spread over an upstream's backends. */
public enum Balance {
    /** In turn (the default). */
    ROUNDROBIN,
    /** To the backend with the fewest active connections. */
    LEASTCONN,
    /** By a hash of the client address, so one client keeps its backend. */
    SOURCE
}
