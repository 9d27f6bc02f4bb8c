package io.maestro.hosts.lb.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentLeavesTest {

    @TempDir
    Path tls;

    private final DevelopmentCa ca = DevelopmentCa.create("test CA", Duration.ofDays(3650));

    @Test
    void aSecondDeployForTheSameHostsGetsTheSameCertificateAndKey() throws Exception {
        CertificateBundle first = new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("shop.example.com", "localhost", "127.0.0.1"));
        // Another control-plane run (a new object), names in another order: still the kept leaf.
        CertificateBundle second = new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("127.0.0.1", "shop.example.com", "localhost"));

        assertThat(second.leaf()).isEqualTo(first.leaf());
        assertThat(second.key().getEncoded()).isEqualTo(first.key().getEncoded());
        Path file = new DevelopmentLeaves(tls, ca).file(List.of("localhost", "127.0.0.1", "shop.example.com"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void otherHostsGetAnotherCertificate() {
        DevelopmentLeaves leaves = new DevelopmentLeaves(tls, ca);
        CertificateBundle shop = leaves.issueOrReuse(List.of("shop.example.com"));
        CertificateBundle more = leaves.issueOrReuse(List.of("shop.example.com", "api.example.com"));

        assertThat(more.leaf()).isNotEqualTo(shop.leaf());
        assertThat(leaves.issueOrReuse(List.of("shop.example.com")).leaf()).isEqualTo(shop.leaf());
    }

    @Test
    void aLeafWithThirtyDaysOrLessLeftIsReplaced() {
        CertificateBundle first = new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("localhost"));
        Instant notAfter = first.leaf().getNotAfter().toInstant();

        Clock thirtyOneDaysBefore = Clock.fixed(notAfter.minus(Duration.ofDays(31)), ZoneOffset.UTC);
        assertThat(new DevelopmentLeaves(tls, ca, thirtyOneDaysBefore).issueOrReuse(List.of("localhost")).leaf())
                .isEqualTo(first.leaf());

        Clock twentyNineDaysBefore = Clock.fixed(notAfter.minus(Duration.ofDays(29)), ZoneOffset.UTC);
        CertificateBundle renewed = new DevelopmentLeaves(tls, ca, twentyNineDaysBefore).issueOrReuse(List.of("localhost"));
        assertThat(renewed.leaf()).isNotEqualTo(first.leaf());
        assertThat(new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("localhost")).leaf()).isEqualTo(renewed.leaf());
    }

    @Test
    void aLeafOfAnotherCaOrADamagedFileIsReplaced() throws Exception {
        CertificateBundle old = new DevelopmentLeaves(tls, DevelopmentCa.create("old CA", Duration.ofDays(10)))
                .issueOrReuse(List.of("localhost"));
        CertificateBundle fresh = new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("localhost"));
        assertThat(fresh.leaf()).isNotEqualTo(old.leaf());
        fresh.leaf().verify(ca.certificate().getPublicKey());

        Path file = new DevelopmentLeaves(tls, ca).file(List.of("localhost"));
        Files.writeString(file, "not PEM at all");
        CertificateBundle replaced = new DevelopmentLeaves(tls, ca).issueOrReuse(List.of("localhost"));
        replaced.leaf().verify(ca.certificate().getPublicKey());
        assertThat(Files.readString(file)).contains("BEGIN CERTIFICATE").contains("BEGIN PRIVATE KEY");
    }
}
