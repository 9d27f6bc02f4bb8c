package io.maestro.server.cluster;

import io.maestro.model.MaestroException;

/**
 * Maestro could not talk to a cluster's API server: refused or timed-out connection, TLS or
 * credentials rejected. The message names the cluster, its server and the reason.
 */
public class ClusterUnreachableException extends MaestroException {

    private final String cluster;

    public ClusterUnreachableException(String cluster, String message, Throwable cause) {
        super(message, cause);
        this.cluster = cluster;
    }

    /** The cluster's name. */
    public String cluster() {
        return cluster;
    }
}
