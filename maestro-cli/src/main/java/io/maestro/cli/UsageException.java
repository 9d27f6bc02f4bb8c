package io.maestro.cli;

import io.maestro.model.MaestroException;

/**
 * The command line asks for something impossible that picocli cannot see: a file that does not
 * exist, an output directory Maestro does not own. Reported as {@code maestro: error: MESSAGE},
 * exit code 2.
 */
public final class UsageException extends MaestroException {

    public UsageException(String message) {
        super(message);
    }
}
