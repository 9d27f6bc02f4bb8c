package io.maestro.hosts.lb.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateCheckerTest {

    private static final DevelopmentCa CA = DevelopmentCa.create("Checker test CA", Duration.ofDays(30));
    private static final CertificateBundle SHOP = CA.issue(List.of("shop.example.com", "*.shop.example.com"),
            Duration.ofDays(10));

    @Test
    void aCertificateFromTheDevelopmentCaPassesForItsHosts() {
        assertThat(CertificateChecker.problems(SHOP, List.of("shop.example.com", "eu.shop.example.com", "_"),
                Instant.now())).isEmpty();
        assertThat(SHOP.chain()).hasSize(2);
        assertThat(SHOP.chain().get(1)).isEqualTo(CA.certificate());
    }

    @Test
    void aKeyOfAnotherCertificateIsReported() {
        CertificateBundle other = CA.issue(List.of("shop.example.com"), Duration.ofDays(1));
        CertificateBundle mixed = new CertificateBundle(SHOP.chain(), other.key());
        assertThat(CertificateChecker.problems(mixed, List.of("shop.example.com"), Instant.now()))
                .singleElement().asString().contains("private key does not belong");
    }

    @Test
    void aChainInTheWrongOrderIsReported() {
        CertificateBundle reversed = new CertificateBundle(List.of(SHOP.chain().get(1), SHOP.chain().get(0)), SHOP.key());
        assertThat(CertificateChecker.problems(reversed, List.of(), Instant.now()))
                .anySatisfy(p -> assertThat(p).contains("chain order"))
                .anySatisfy(p -> assertThat(p).contains("private key does not belong"));
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsReported() {
        assertThat(CertificateChecker.problems(SHOP, List.of("shop.example.com"), Instant.now().plus(Duration.ofDays(11))))
                .anySatisfy(p -> assertThat(p).contains("expired on"));
        assertThat(CertificateChecker.problems(SHOP, List.of("shop.example.com"), Instant.now().minus(Duration.ofDays(1))))
                .anySatisfy(p -> assertThat(p).contains("is not valid before"));
    }

    @Test
    void hostsTheNamesDoNotCoverAreReported() {
        assertThat(CertificateChecker.problems(SHOP, List.of("a.b.shop.example.com", "example.com", "*.shop.example.com"),
                Instant.now()))
                .containsExactly(
                        "the certificate's names [shop.example.com, *.shop.example.com] do not cover host a.b.shop.example.com",
                        "the certificate's names [shop.example.com, *.shop.example.com] do not cover host example.com");
    }

    @Test
    void userSuppliedPemIsReadWithChainGivenSeparatelyOrAppended() {
        String leaf = SHOP.chainPem().substring(0, SHOP.chainPem().indexOf("-----END CERTIFICATE-----") + 26);
        String intermediates = SHOP.chainPem().substring(leaf.length());
        CertificateBundle separate = CertificateBundle.fromPem(leaf, SHOP.keyPem(), intermediates, "shop");
        CertificateBundle appended = CertificateBundle.fromPem(SHOP.chainPem(), SHOP.keyPem(), null, "shop");
        assertThat(separate.chain()).isEqualTo(SHOP.chain());
        assertThat(appended.chain()).isEqualTo(SHOP.chain());
        assertThat(CertificateChecker.problems(separate, List.of("shop.example.com"), Instant.now())).isEmpty();
    }

    @Test
    void unreadableInputGivesAClearErrorWithoutEchoingTheKey() {
        assertThatThrownBy(() -> CertificateBundle.fromPem(SHOP.chainPem(), "-----BEGIN PRIVATE KEY-----\nsecretjunk\n"
                + "-----END PRIVATE KEY-----\n", null, "shop"))
                .isInstanceOf(InvalidCertificateException.class)
                .hasMessageContaining("cannot use the certificate for shop")
                .hasMessageNotContaining("secretjunk");
        assertThatThrownBy(() -> CertificateBundle.fromPem(SHOP.keyPem(), SHOP.keyPem(), null, "shop"))
                .hasMessageContaining("expected only CERTIFICATE blocks");
    }

    @Test
    void theCaSurvivesASaveAndLoad() {
        DevelopmentCa loaded = DevelopmentCa.load(CA.certificatePem(), CA.privateKeyPem());
        CertificateBundle issued = loaded.issue(List.of("api.example.com"), Duration.ofDays(1));
        assertThat(issued.chain().get(1)).isEqualTo(CA.certificate());
        assertThat(CertificateChecker.problems(issued, List.of("api.example.com"), Instant.now())).isEmpty();
    }

    @Test
    void renewalIsDueThirtyDaysBeforeExpiry() {
        assertThat(AcmeIssuer.needsRenewal(SHOP, Instant.now())).isTrue();
        CertificateBundle longLived = CA.issue(List.of("x.example.com"), Duration.ofDays(29));
        assertThat(AcmeIssuer.needsRenewal(longLived, Instant.now())).isTrue();
        CertificateBundle fresh = DevelopmentCa.create("x", Duration.ofDays(365)).issue(List.of("x.example.com"),
                Duration.ofDays(90));
        assertThat(AcmeIssuer.needsRenewal(fresh, Instant.now())).isFalse();
    }

    @Test
    void acmeRefusesWildcardsBeforeContactingAnyServer() {
        AcmeIssuer issuer = new AcmeIssuer("acme://letsencrypt.org/staging", DevelopmentCa.newKeyPair(), null);
        assertThatThrownBy(() -> issuer.issue(List.of("*.example.com")))
                .isInstanceOf(InvalidCertificateException.class)
                .hasMessageContaining("HTTP-01 cannot issue for *.example.com");
    }

    @Test
    void anAcmeTokenThatIsNotBase64UrlNeverBecomesAPath() {
        AcmeChallenges challenges = new AcmeChallenges(null, new io.maestro.plan.lb.LoadBalancerFiles("/srv/lb"));
        assertThatThrownBy(() -> challenges.publish("../../etc/passwd", "x"))
                .isInstanceOf(InvalidCertificateException.class);
    }
}
