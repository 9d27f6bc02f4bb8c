package io.maestro.buildgrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryIT {

    @Test
    void twoRegistriesRunSideBySideOnLoopbackWithTheirOwnConfigAndStopWhenClosed(@TempDir Path temp) throws Exception {
        try (LocalRegistry first = LocalRegistry.start(temp.resolve("a"), Duration.ofSeconds(30));
                LocalRegistry second = LocalRegistry.start(temp.resolve("b"), Duration.ofSeconds(30))) {
            assertThat(first.address()).startsWith("127.0.0.1:").isNotEqualTo(second.address());
            assertThat(status(first)).isEqualTo(200);
            assertThat(Files.readString(temp.resolve("a/config.yml")))
                    .contains("addr: 127.0.0.1:" + first.port())
                    .contains("rootdirectory: " + temp.resolve("a/storage").toAbsolutePath());

            first.close();

            assertThat(first.isRunning()).isFalse();
            assertThat(second.isRunning()).isTrue();
            assertThat(status(second)).isEqualTo(200);
        }
    }

    @Test
    void aRestartedRegistryListensOnItsPreviousPortWhenItIsFree(@TempDir Path temp) throws Exception {
        int port;
        try (LocalRegistry first = LocalRegistry.start(temp.resolve("r"), Duration.ofSeconds(30))) {
            port = first.port();
        }
        try (LocalRegistry again = LocalRegistry.start(temp.resolve("r"), Duration.ofSeconds(30))) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(status(again)).isEqualTo(200);
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
                LocalRegistry moved = LocalRegistry.start(temp.resolve("r"), Duration.ofSeconds(30))) {
            assertThat(moved.port()).isNotEqualTo(port);
            assertThat(status(moved)).isEqualTo(200);
        }
    }

    private static int status(LocalRegistry registry) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
