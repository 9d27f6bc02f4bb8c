package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartIT {

    @TempDir
    Path home;

    @Test
    void firstStartPrintsAWorkingAdminTokenOnceAndLaterStartsDoNot() {
        String token;
        try (TestServer first = TestServer.start(home)) {
            assertThat(first.printed).matches("admin token: maestro_[A-Za-z0-9_-]{43}\\R");
            token = first.adminToken;
            assertThat(first.get("/api/v1/apps", token).status()).isEqualTo(200);
            assertThat(first.server.store().audit().recent(10))
                    .anySatisfy(e -> {
                        assertThat(e.action()).isEqualTo("user.create");
                        assertThat(e.target()).isEqualTo("admin");
                        assertThat(e.detail()).doesNotContain(token);
                    });
        }
        try (TestServer second = TestServer.start(home)) {
            assertThat(second.printed).isEmpty();
            assertThat(second.get("/api/v1/apps", token).status())
                    .as("the token printed on first start still works after a restart")
                    .isEqualTo(200);
        }
    }
}
