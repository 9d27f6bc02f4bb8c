package io.maestro.buildgrid;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Command} on this machine like {@code LocalExecutor}, but hands every output line
 * to a {@link LogListener} while the program runs, and can be cancelled. Builds need both: users
 * watch build logs live, and a build must stop when cancelled or past its timeout.
 */
public final class ProcessRunner {

    /** How many lines of output a result keeps (the rest went to the listener). */
    private static final int KEPT_LINES = 200;

    private ProcessRunner() {
    }

    /**
     * Runs the command to its end. A non-zero exit is a result; a timeout or a cancel is a
     * {@link BuildCancelledException}.
     */
    public static ExecResult run(Command command, LogListener listener, Cancellation cancellation) {
        cancellation.throwIfCancelled("'" + command.display() + "'");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true);
        builder.environment().putAll(command.environment());
        command.workingDirectory().ifPresent(dir -> builder.directory(Path.of(dir).toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BuildException("cannot start '" + command.display() + "': " + e.getMessage()
                    + " (is " + command.argv().get(0) + " installed?)", e);
        }
        cancellation.register(process);
        Deque<String> kept = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().start(() -> pump(process.getInputStream(), listener, kept));
        try {
            boolean finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                cancellation.cancel("'" + command.display() + "' did not finish within "
                        + command.timeout().toSeconds() + " s");
                process.waitFor();
            }
            reader.join();
            cancellation.throwIfCancelled("'" + command.display() + "'");
            String output;
            synchronized (kept) {
                output = String.join("\n", kept);
            }
            return new ExecResult("local", command, process.exitValue(), output, "",
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            cancellation.cancel("interrupted");
            Thread.currentThread().interrupt();
            throw new BuildCancelledException("'" + command.display() + "' interrupted");
        } finally {
            cancellation.unregister(process);
        }
    }

    private static void pump(InputStream stream, LogListener listener, Deque<String> kept) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (kept) {
                    kept.addLast(line);
                    if (kept.size() > KEPT_LINES) {
                        kept.removeFirst();
                    }
                }
                listener.line(line);
            }
        } catch (IOException e) {
            // The process was killed: its exit status says what happened.
        }
    }
}
