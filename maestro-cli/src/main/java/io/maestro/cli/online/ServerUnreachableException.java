package io.maestro.cli.online;

import io.maestro.model.MaestroException;
import java.net.URI;

/** No answer from the server at all: refused, unknown host, timed out, connection dropped. */
public final class ServerUnreachableException extends MaestroException {

    private final URI server;

    public ServerUnreachableException(URI server, String why, Throwable cause) {
        super("cannot reach the Maestro server at " + server + " (" + why + "); check that it runs and that the URL is"
                + " right, or log in to another one with `maestro login --server URL --token TOKEN`", cause);
        this.server = server;
    }

    public URI server() {
        return server;
    }
}
