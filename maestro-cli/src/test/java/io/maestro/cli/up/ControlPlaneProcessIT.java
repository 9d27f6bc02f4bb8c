package io.maestro.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real maestro jar in the background, as {@code maestro up} does. */
class ControlPlaneProcessIT {

    @TempDir
    Path home;

    private ControlPlaneProcess control;

    @AfterEach
    void stop() {
        if (control != null) {
            control.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void startsOnceRecordsTheTokenPrivatelyAndIsFoundAgainByTheNextRun() throws Exception {
        control = new ControlPlaneProcess(home, Path.of("target/maestro.jar").toAbsolutePath().toString());
        List<String> progress = new ArrayList<>();

        ControlPlaneProcess.Running first = control.ensureRunning(progress::add);

        assertThat(first.startedNow()).isTrue();
        assertThat(first.adminToken()).isNotBlank();
        assertThat(status(first, "/api/v1/apps", first.adminToken())).isEqualTo(200);
        assertThat(status(first, "/api/v1/apps", "wrong")).isEqualTo(401);
        Path state = home.resolve("up/control-plane.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(Files.readString(control.logFile())).doesNotContain(first.adminToken());
        assertThat(home.resolve("up/admin-token")).doesNotExist();

        ControlPlaneProcess.Running second = control.ensureRunning(progress::add);
        assertThat(second.startedNow()).isFalse();
        assertThat(second.pid()).isEqualTo(first.pid());
        assertThat(second.adminToken()).isEqualTo(first.adminToken());

        assertThat(control.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(control.running()).isEmpty();

        // Restarted on the same home, the server prints no new token: up keeps using the recorded one.
        ControlPlaneProcess.Running third = control.ensureRunning(progress::add);
        assertThat(third.startedNow()).isTrue();
        assertThat(third.adminToken()).isEqualTo(first.adminToken());
        assertThat(status(third, "/api/v1/apps", third.adminToken())).isEqualTo(200);
    }

    private static int status(ControlPlaneProcess.Running server, String path, String token) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }
}
