package io.maestro.buildgrid.registry;

import io.maestro.buildgrid.BuildException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A user name and password for one registry. Never in argv or logs: buildah reads it from an
 * auth file ({@link #writeAuthFile()}) written 0600 in a fresh 0700 temporary folder and removed
 * when closed. {@link #toString()} leaves the password out.
 */
public record RegistryLogin(String host, String username, String password) {

    public RegistryLogin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Writes the containers-auth.json buildah's {@code --authfile} reads; close it to delete it. */
    public AuthFile writeAuthFile() {
        try {
            Path directory = Files.createTempDirectory("maestro-auth-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = directory.resolve("auth.json");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, authJson(), StandardCharsets.UTF_8);
            return new AuthFile(file);
        } catch (IOException e) {
            throw new BuildException("cannot write the registry auth file for " + host + ": " + e.getMessage(), e);
        }
    }

    /** The containers-auth.json text for this login (written 0600 wherever it goes: it holds the password). */
    public String authJson() {
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + jsonEscape(host) + "\":{\"auth\":\"" + auth + "\"}}}\n";
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + username + "@" + host + "]";
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A written auth file; {@link #close()} removes it and its folder. */
    public record AuthFile(Path path) implements AutoCloseable {
        @Override
        public void close() {
            try (Stream<Path> paths = Files.walk(path.getParent())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Best effort; the folder is 0700 and in the temporary directory.
            }
        }
    }
}
