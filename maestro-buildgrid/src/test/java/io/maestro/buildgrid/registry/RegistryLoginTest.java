package io.maestro.buildgrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryLoginTest {

    @Test
    void theAuthFileIsPrivateHoldsTheCredentialsForTheHostAndIsRemovedWhenClosed() throws Exception {
        RegistryLogin login = new RegistryLogin("registry.example:5000", "ci", "s3cret:with-colon");
        Path file;
        try (RegistryLogin.AuthFile auth = login.writeAuthFile()) {
            file = auth.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            String expected = Base64.getEncoder().encodeToString("ci:s3cret:with-colon".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(file)).isEqualTo("{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + expected + "\"}}}\n");
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void theTextFormNeverShowsThePassword() {
        assertThat(new RegistryLogin("registry.example", "ci", "hunter2").toString())
                .isEqualTo("RegistryLogin[ci@registry.example]").doesNotContain("hunter2");
    }
}
