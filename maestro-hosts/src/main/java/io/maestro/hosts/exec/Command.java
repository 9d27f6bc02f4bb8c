package io.maestro.hosts.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One program to run on a host: an argument vector, never a shell line, so no user string can
 * become shell syntax. Over SSH the vector is quoted for the remote shell by the executor.
 *
 * <pre>{@code
 * Command.of("pg_ctl", "-D", dataDir, "status").withTimeout(Duration.ofSeconds(10))
 * }</pre>
 *
 * @param argv the program and its arguments, at least the program
 * @param environment extra environment variables for the program
 * @param stdin bytes written to the program's standard input, then closed
 * @param timeout how long the program may run before it is killed and the run fails
 * @param workingDirectory where the program runs; the executor's default when empty
 */
public record Command(List<String> argv, Map<String, String> environment, Optional<byte[]> stdin,
        Duration timeout, Optional<String> workingDirectory) {

    /** The timeout when none is given: long enough for a package install, short enough to notice a hang. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    public static Command of(String... argv) {
        return of(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), Optional.empty(), DEFAULT_TIMEOUT, Optional.empty());
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, environment, stdin, newTimeout, workingDirectory);
    }

    public Command withEnvironment(Map<String, String> newEnvironment) {
        return new Command(argv, newEnvironment, stdin, timeout, workingDirectory);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, environment, Optional.of(input.clone()), timeout, workingDirectory);
    }

    public Command inDirectory(String directory) {
        return new Command(argv, environment, stdin, timeout, Optional.of(directory));
    }

    /** The command as a person would type it, for messages and journals (never holds stdin). */
    public String display() {
        return String.join(" ", argv);
    }
}
