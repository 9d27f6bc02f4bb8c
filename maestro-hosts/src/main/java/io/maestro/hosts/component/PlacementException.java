package io.maestro.hosts.component;

import io.maestro.model.MaestroException;

/** The manifest's placement of a data store cannot be resolved (a {@code same_as} that leads nowhere). */
public class PlacementException extends MaestroException {

    public PlacementException(String message) {
        super(message);
    }
}
