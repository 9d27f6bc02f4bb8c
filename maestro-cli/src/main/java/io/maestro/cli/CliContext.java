package io.maestro.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may depend on besides its arguments: the directory relative paths are resolved
 * against, the key tables, the environment variables and standard input. Tests pass their own,
 * so that commands run in-process without changing the JVM's working directory, environment or
 * standard input.
 *
 * @param workingDirectory where relative paths start (the shell's current directory)
 * @param keyTables the tables {@code explain} and {@code docs} read
 * @param env the environment ({@code HOME}, {@code MAESTRO_CONFIG}, {@code MAESTRO_SERVER},
 *     {@code MAESTRO_TOKEN})
 * @param stdin what {@code -} reads (e.g. {@code env-vars set APP NAME -})
 */
public record CliContext(Path workingDirectory, KeyTables keyTables, Map<String, String> env, InputStream stdin) {

    public CliContext {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(keyTables, "keyTables");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(stdin, "stdin");
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** The process's environment and standard input. */
    public CliContext(Path workingDirectory, KeyTables keyTables) {
        this(workingDirectory, keyTables, System.getenv(), System.in);
    }

    /** The process's current directory and the standard key tables. */
    public static CliContext standard() {
        return new CliContext(Path.of(""), KeyTables.standard());
    }

    public static CliContext in(Path workingDirectory) {
        return new CliContext(workingDirectory, KeyTables.standard());
    }

    /** This context with {@code env} as the whole environment. */
    public CliContext withEnv(Map<String, String> newEnv) {
        return new CliContext(workingDirectory, keyTables, newEnv, stdin);
    }

    /** This context reading standard input from {@code in}. */
    public CliContext withStdin(InputStream in) {
        return new CliContext(workingDirectory, keyTables, env, in);
    }

    /** A path as the user typed it, made absolute against the working directory. */
    public Path resolve(String typed) {
        return workingDirectory.resolve(typed).normalize();
    }
}
