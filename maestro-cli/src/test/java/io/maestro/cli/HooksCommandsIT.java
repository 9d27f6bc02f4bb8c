package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hooks and webhooks commands against a real control plane started in-process. */
class HooksCommandsIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(dir).loggedInAsAdmin();
        Files.writeString(dir.resolve("service.yml"), OnlineCommandsIT.SERVICE_YML);
        assertThat(live.maestro("apps", "create", "shop").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aHookUrlIsPrintedOnceListedByPrefixAndRevoked() throws Exception {
        Cli.Run created = live.maestro("hooks", "create", "shop", "--environment", "staging");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String url = created.out().strip();
        assertThat(url).startsWith(live.url() + "/hooks/redeploy/shop/mhook_");
        assertThat(created.err()).contains("shown only this once");
        String prefix = url.substring(url.lastIndexOf('/') + 1, url.lastIndexOf('/') + 15);

        Cli.Run list = live.maestro("hooks", "list", "shop");
        assertThat(list.out()).contains(prefix).contains("staging").doesNotContain(url.substring(url.lastIndexOf('/') + 1));
        JsonNode json = OnlineCommandsIT.json(live.maestro("hooks", "list", "shop", "--output", "json"));
        assertThat(json.at("/hooks/0/prefix").asText()).isEqualTo(prefix);

        Cli.Run revoked = live.maestro("hooks", "revoke", "shop", prefix);
        assertThat(revoked.out()).isEqualTo("revoked hook " + prefix + " of shop\n");
        assertThat(post(url)).isEqualTo(404);
        assertThat(live.maestro("hooks", "revoke", "shop", prefix).exitCode()).isNotZero();
    }

    @Test
    void theWebhookSecretIsPrintedOnceAndRotates() {
        Cli.Run first = live.maestro("webhooks", "secret", "shop");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out().strip()).matches("[0-9a-f]{64}");
        assertThat(first.err()).contains("webhook URL: " + live.url() + "/hooks/git/shop");
        JsonNode second = OnlineCommandsIT.json(live.maestro("webhooks", "secret", "shop", "--output", "json"));
        assertThat(second.path("secret").asText()).hasSize(64).isNotEqualTo(first.out().strip());
    }

    private static int post(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
