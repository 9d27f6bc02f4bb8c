package io.maestro.buildgrid.remote;

import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.CommandWatcher;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.util.Optional;

/**
 * A build server's executor as one build sees it: every output line of every command goes to the
 * build's {@link LogListener} while it runs, and cancelling the build kills the command running
 * on the server (its whole process group) and refuses to start the next one. {@code GitSource}
 * runs through it unchanged, so a clone on a build server is logged and cancellable too.
 */
final class WatchedExecutor implements HostExecutor {

    private final HostExecutor server;
    private final LogListener log;
    private final Cancellation cancellation;

    WatchedExecutor(HostExecutor server, LogListener log, Cancellation cancellation) {
        this.server = server;
        this.log = log;
        this.cancellation = cancellation;
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public ExecResult run(Command command) {
        return run(command, log);
    }

    /** Runs the command with its output going to {@code lines} (such as {@link LogListener#NONE} for noisy probes). */
    ExecResult run(Command command, LogListener lines) {
        cancellation.throwIfCancelled("'" + command.display() + "' on " + server.host());
        AutoCloseable[] registration = new AutoCloseable[1];
        try {
            ExecResult result = server.run(command, new CommandWatcher() {
                @Override
                public void line(String line) {
                    lines.line(line);
                }

                @Override
                public void started(Runnable kill) {
                    registration[0] = cancellation.whenCancelled(kill);
                }
            });
            cancellation.throwIfCancelled("'" + command.display() + "' on " + server.host());
            return result;
        } finally {
            if (registration[0] != null) {
                try {
                    registration[0].close();
                } catch (Exception e) {
                    // Removing a callback from a set cannot fail.
                }
            }
        }
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        cancellation.throwIfCancelled("writing " + path + " on " + server.host());
        server.writeFile(path, content, mode);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        return server.readFile(path);
    }

    /** The build server's connection belongs to whoever opened it. */
    @Override
    public void close() {
    }
}
