package io.maestro.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a command may depend on besides its arguments: the directory relative paths are resolved
 * against and the key tables. Tests pass their own, so that commands run in-process without
 * changing the JVM's working directory.
 *
 * @param workingDirectory where relative paths start (the shell's current directory)
 * @param keyTables the tables {@code explain} and {@code docs} read
 */
public record CliContext(Path workingDirectory, KeyTables keyTables) {

    public CliContext {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(keyTables, "keyTables");
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The process's current directory and the standard key tables. */
    public static CliContext standard() {
        return new CliContext(Path.of(""), KeyTables.standard());
    }

    public static CliContext in(Path workingDirectory) {
        return new CliContext(workingDirectory, KeyTables.standard());
    }

    /** A path as the user typed it, made absolute against the working directory. */
    public Path resolve(String typed) {
        return workingDirectory.resolve(typed).normalize();
    }
}
