package io.maestro.hosts.exec;

import java.util.Optional;

/**
 * Runs commands and moves files on one server: this machine ({@link LocalExecutor}) or a remote
 * one over SSH. Drivers for databases, caches and load balancers are written against this
 * interface only, so the same driver provisions on this host in tests and on a server in
 * production.
 */
public interface HostExecutor extends AutoCloseable {

    /** A short description of the host for messages and journals, such as {@code local} or {@code ssh root@10.0.0.5:22}. */
    String host();

    /**
     * Runs the command and waits for it. A non-zero exit is a result, not an exception; call
     * {@link ExecResult#requireSuccess()} when it must succeed.
     *
     * @throws HostException when the command cannot be started, the host is unreachable, or the timeout passes
     */
    ExecResult run(Command command);

    /**
     * Runs the command like {@link #run(Command)}, handing each output line (stdout and stderr) to
     * {@code watcher} as it is printed and giving it a way to kill the program. The result still
     * holds the whole output, stdout and stderr apart. Executors that cannot stream (this default)
     * hand the lines over when the command ended and offer no kill.
     */
    default ExecResult run(Command command, CommandWatcher watcher) {
        ExecResult result = run(command);
        result.stdout().lines().forEach(watcher::line);
        result.stderr().lines().forEach(watcher::line);
        return result;
    }

    /**
     * Writes a file atomically (a temporary file in the same folder, then a rename), creating
     * missing parent folders, with the given POSIX mode (such as {@code 0600}).
     */
    void writeFile(String path, byte[] content, int mode);

    /** The file's bytes, or empty when it does not exist. */
    Optional<byte[]> readFile(String path);

    @Override
    void close();
}
