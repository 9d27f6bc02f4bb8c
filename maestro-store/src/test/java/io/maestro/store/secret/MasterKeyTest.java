package io.maestro.store.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.db.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path temp;

    @Test
    void takesTheKeyFromTheEnvironmentFirst() {
        MasterKey generated = MasterKey.generate();

        MasterKey loaded = MasterKey.load(Map.of(MasterKey.ENV_VAR, generated.toBase64()), temp.resolve("home"));

        assertThat(loaded.id()).isEqualTo(generated.id());
        assertThat(temp.resolve("home")).doesNotExist();
    }

    @Test
    void refusesAnEnvironmentKeyOfTheWrongSize() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.load(Map.of(MasterKey.ENV_VAR, sixteenBytes), temp))
                .isInstanceOf(StoreException.class)
                .hasMessage("environment variable MAESTRO_MASTER_KEY: expected a base64-encoded 32-byte key, got 16 bytes");
        assertThatThrownBy(() -> MasterKey.load(Map.of(MasterKey.ENV_VAR, "not base64!"), temp))
                .hasMessage("environment variable MAESTRO_MASTER_KEY: expected a base64-encoded 32-byte key,"
                        + " got text that is not base64");
    }

    @Test
    void createsAPrivateKeyFileOnFirstUseAndReadsItAfterwards() throws IOException {
        Path home = temp.resolve("home");

        MasterKey created = MasterKey.load(Map.of(), home);
        MasterKey again = MasterKey.load(Map.of(MasterKey.ENV_VAR, " "), home);

        Path file = home.resolve(MasterKey.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(again.id()).isEqualTo(created.id());
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesAKeyFileItsGroupOrOthersCanRead() throws IOException {
        Path file = temp.resolve(MasterKey.FILE_NAME);
        MasterKey.readOrCreate(file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKey.readOrCreate(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("master key file " + file + ": expected mode 0600 (readable by its owner only), got 0640"
                        + " (run: chmod 600 " + file + ")");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> MasterKey.readOrCreate(file)).hasMessageContaining("got 0604");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(MasterKey.readOrCreate(file).id()).hasSize(16);
    }

    @Test
    void refusesAKeyFileWithoutAKey() throws IOException {
        Path file = temp.resolve(MasterKey.FILE_NAME);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "c2hvcnQ=\n");

        assertThatThrownBy(() -> MasterKey.readOrCreate(file))
                .hasMessage("master key file " + file + ": expected a base64-encoded 32-byte key, got 5 bytes");
    }

    @Test
    void neverPrintsTheKey() {
        MasterKey key = MasterKey.generate();

        assertThat(key.toString()).doesNotContain(key.toBase64()).contains(key.id());
    }
}
