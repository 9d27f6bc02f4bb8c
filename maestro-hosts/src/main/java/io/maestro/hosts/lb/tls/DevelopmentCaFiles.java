package io.maestro.hosts.lb.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The control plane's {@link DevelopmentCa}, kept in one folder ({@code MAESTRO_HOME/tls}) so every
 * deployment and every restart issues from the same CA and users trust it once:
 * {@code ca.pem} (public, 0644: {@code curl --cacert MAESTRO_HOME/tls/ca.pem}) and {@code ca.key} (0600).
 *
 * <pre>{@code
 * DevelopmentCa ca = DevelopmentCaFiles.loadOrCreate(home.resolve("tls"));
 * Path trust = DevelopmentCaFiles.certificate(home.resolve("tls"));
 * }</pre>
 */
public final class DevelopmentCaFiles {

    private static final Duration VALIDITY = Duration.ofDays(3650);

    private DevelopmentCaFiles() {}

    /** Where the CA certificate is (or will be) in {@code dir}. */
    public static Path certificate(Path dir) {
        return dir.resolve("ca.pem");
    }

    /** The CA kept in {@code dir}, created (and written, key first with mode 0600) when there is none yet. */
    public static synchronized DevelopmentCa loadOrCreate(Path dir) {
        Path cert = certificate(dir);
        Path key = dir.resolve("ca.key");
        try {
            if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
                return DevelopmentCa.load(Files.readString(cert), Files.readString(key));
            }
            Files.createDirectories(dir);
            DevelopmentCa ca = DevelopmentCa.create("Maestro development CA", VALIDITY);
            write(key, ca.privateKeyPem(), "rw-------");
            write(cert, ca.certificatePem(), "rw-r--r--");
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development CA in " + dir, e);
        }
    }

    /** Written to a temporary file with its final mode, then renamed: a reader never sees half a key. */
    private static void write(Path file, String text, String mode) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
