package io.maestro.store.secret;

import io.maestro.store.db.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key that encrypts every secret, kept outside the database: from the environment
 * variable {@value #ENV_VAR} (base64), or else from the file {@value #FILE_NAME} in
 * {@code MAESTRO_HOME}, created with mode 0600 on first use. A key file that its group or others
 * can read is refused: whoever can read it can read every secret.
 *
 * <p>Its {@link #id()} (a hash of the key, not the key) is stored beside each secret, so that a
 * control plane started with the wrong key says so instead of failing obscurely.
 */
public final class MasterKey {

    public static final String ENV_VAR = "MAESTRO_MASTER_KEY";
    public static final String FILE_NAME = "master.key";
    static final int KEY_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] key;
    private final String id;
    private final String source;

    private MasterKey(byte[] key, String source) {
        this.key = key.clone();
        this.id = idOf(key);
        this.source = source;
    }

    /** The key from {@value #ENV_VAR} in {@code env} if set, else from (or into) the key file in {@code maestroHome}. */
    public static MasterKey load(Map<String, String> env, Path maestroHome) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv, "environment variable " + ENV_VAR);
        }
        return readOrCreate(maestroHome.resolve(FILE_NAME));
    }

    /** A new random key (the key file's content on first use; tests). */
    public static MasterKey generate() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new MasterKey(key, "generated");
    }

    /** The key in {@code base64}; {@code source} names where it came from, for messages. */
    public static MasterKey decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new StoreException(source + ": expected a base64-encoded 32-byte key, got text that is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new StoreException(source + ": expected a base64-encoded 32-byte key, got " + key.length + " bytes");
        }
        return new MasterKey(key, source);
    }

    /**
     * Reads the key file, refusing one that group or others can access; creates it (and its
     * folder, mode 0700) with a new random key when it does not exist.
     */
    public static MasterKey readOrCreate(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(file);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new StoreException("master key file " + file + ": expected mode 0600 (readable by its owner only), got "
                        + mode(permissions) + " (run: chmod 600 " + file + ")");
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "master key file " + file);
        } catch (UnsupportedOperationException e) {
            throw new StoreException("master key file " + file
                    + ": the file system has no POSIX permissions, so the key cannot be protected; set " + ENV_VAR + " instead");
        } catch (IOException e) {
            throw new StoreException("master key file " + file + ": " + e, e);
        }
    }

    /**
     * Writes a new key to a private temporary file, then links it into place: the key file
     * appears complete or not at all, and a key another process created first is kept.
     */
    private static void create(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(folder, ".master.key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException raced) {
            // Another process created the key first: use theirs.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static String idOf(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("maestro-master-key-id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A short public fingerprint of the key (16 hex digits of a hash), stored with each secret. */
    public String id() {
        return id;
    }

    /** The key in base64, to hand to {@value #ENV_VAR} elsewhere. Secret: never log it. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + ", from " + source + "]";
    }
}
