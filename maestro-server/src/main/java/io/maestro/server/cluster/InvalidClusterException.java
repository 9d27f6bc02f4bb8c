package io.maestro.server.cluster;

import io.maestro.model.MaestroException;

/** A cluster cannot be registered as given: a bad name, kubeconfig or context. Nothing was stored. */
public class InvalidClusterException extends MaestroException {

    public InvalidClusterException(String message) {
        super(message);
    }
}
