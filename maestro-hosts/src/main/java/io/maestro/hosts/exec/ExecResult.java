package io.maestro.hosts.exec;

import java.time.Duration;

/**
 * What a {@link Command} did: its exit code and its output, decoded as UTF-8.
 *
 * @param host the executor's description of the host, for messages
 */
public record ExecResult(String host, Command command, int exitCode, String stdout, String stderr, Duration took) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result when the command exited 0, otherwise a {@link HostCommandException} naming host, command and output. */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new HostCommandException(this);
        }
        return this;
    }
}
