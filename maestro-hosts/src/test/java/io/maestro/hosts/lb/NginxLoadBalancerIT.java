package io.maestro.hosts.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.lb.tls.AcmeChallenges;
import io.maestro.plan.lb.LoadBalancerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** nginx from Debian (with libnginx-mod-stream), own prefix, loopback. Health checks are passive here. */
class NginxLoadBalancerIT extends LoadBalancerITBase {

    @Override
    LoadBalancerSpec.Engine engine() {
        return LoadBalancerSpec.Engine.NGINX;
    }

    @Test
    void udpDatagramsAreProxiedBothWays() {
        assertThat(UdpEcho.ask(udp, "hello")).isEqualTo("echo:hello");
    }

    @Test
    void theAcmeChallengePathIsServedOverHttpEvenWhereEverythingElseRedirects() {
        AcmeChallenges challenges = new AcmeChallenges(host, files);
        challenges.publish("tok_EN-123", "tok_EN-123.thumbprint");
        RawHttp.Response answer = RawHttp.get(http, SHOP, "/.well-known/acme-challenge/tok_EN-123");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("tok_EN-123.thumbprint");
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        challenges.withdraw("tok_EN-123");
        assertThat(RawHttp.get(http, SHOP, "/.well-known/acme-challenge/tok_EN-123").status()).isEqualTo(404);
        assertThat(RawHttp.get(http, SHOP, "/anything-else").status()).isEqualTo(301);
    }

    @Test
    void theUsersCustomFileIsIncludedAndSurvivesRegeneration() throws IOException {
        Path custom = Path.of(files.customServerDir(), "hello.conf");
        String text = "location = /custom-hello { return 200 \"custom\"; }\n";
        Files.writeString(custom, text);
        try {
            lb.apply(spec);
            assertThat(RawHttp.get(http, API, "/custom-hello").body()).isEqualTo("custom");
            lb.apply(plan(true));
            assertThat(Files.readString(custom)).isEqualTo(text);
            assertThat(RawHttp.get(http, API, "/custom-hello").body()).isEqualTo("custom");
        } finally {
            Files.delete(custom);
            lb.apply(spec);
        }
    }
}
