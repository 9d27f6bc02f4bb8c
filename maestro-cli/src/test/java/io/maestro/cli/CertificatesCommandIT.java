package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maestro certificates add|list|remove against a real control plane. */
class CertificatesCommandIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() {
        live = LiveServer.start(dir).loggedInAsAdmin();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aCertificateIsAddedListedAndRemovedAndABadOneIsRefusedWithItsProblems() throws IOException {
        DevelopmentCa ca = DevelopmentCa.create("CLI test CA", Duration.ofDays(30));
        CertificateBundle shop = ca.issue(List.of("shop.example.com", "*.shop.example.com"), Duration.ofDays(10));
        CertificateBundle other = ca.issue(List.of("shop.example.com"), Duration.ofDays(10));
        Path cert = Files.writeString(dir.resolve("shop.crt"),
                new CertificateBundle(List.of(shop.leaf()), shop.key()).chainPem());
        Path key = Files.writeString(dir.resolve("shop.key"), shop.keyPem());
        Path wrongKey = Files.writeString(dir.resolve("other.key"), other.keyPem());
        Path chain = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());

        Cli.Run refused = live.maestro("certificates", "add", "shop", "--cert", cert.toString(), "--key", wrongKey.toString(),
                "--chain", chain.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the private key does not belong to the certificate").contains("nothing was stored");
        assertThat(live.maestro("certificates", "list").out()).startsWith("no certificates");

        Cli.Run added = live.maestro("certificates", "add", "shop", "--cert", cert.toString(), "--key", key.toString(),
                "--chain", chain.toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).startsWith("added certificate shop for shop.example.com,*.shop.example.com (expires ");

        Cli.Run list = live.maestro("certificates", "list");
        assertThat(list.out().lines().toList().get(0)).startsWith("NAME  HOSTS");
        assertThat(list.out().lines().toList().get(1)).startsWith("shop  shop.example.com,*.shop.example.com").contains("CLI test CA");
        assertThat(OnlineCommandsIT.json(live.maestro("certificates", "list", "--output", "json")).at("/certificates/0/hosts/1")
                .asText()).isEqualTo("*.shop.example.com");

        Cli.Run missing = live.maestro("certificates", "add", "x", "--cert", dir.resolve("nope.crt").toString(), "--key", key.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--cert: expected a PEM file");

        assertThat(live.maestro("certificates", "remove", "shop").out()).isEqualTo("removed certificate shop\n");
        Cli.Run gone = live.maestro("certificates", "remove", "shop");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no certificate named 'shop'");
    }
}
