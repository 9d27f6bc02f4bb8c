package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.server.MaestroServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maestro server} starts a real control plane (SQLite in a temporary MAESTRO_HOME). */
class ServerCommandIT {

    @TempDir
    Path home;

    @Test
    void startsAServerThatPrintsTheAdminTokenAndAnswersWithIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MaestroServer server = ServerCommandTest.parse("--port", "0").start(Map.of("MAESTRO_HOME", home.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).startsWith("admin token: maestro_")
                    .contains("maestro control plane listening on port " + server.port());
            String token = printed.lines().findFirst().orElseThrow().substring("admin token: ".length());
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/apps"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"applications\":[]}");
        }
    }
}
