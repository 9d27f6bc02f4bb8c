package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingress TLS from stored certificates: a deploy against the mock API server creates a
 * {@code kubernetes.io/tls} Secret from the certificate covering the Ingress hosts and names it
 * in {@code spec.tls}; an uncovered host is plain HTTP unless its placeholder Secret exists.
 */
class IngressTlsIT {

    private static final String SERVICE_YML = """
            services:
              web:
                image: acme/web:1.0
                ports: ["3000:80:443"]
                traffic_matches: ["shop.example.com", "www.shop.example.com", "legacy.example.org", "plain.example.net"]
            """;

    @TempDir
    static Path home;

    static DeployHarness harness;

    @BeforeAll
    static void start() {
        harness = new DeployHarness(home, DeployHarness.fastConfig());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void storedCertificatesBecomeTlsSecretsNamedInTheIngressAndTheKeyIsNeverLogged() {
        DevelopmentCa ca = DevelopmentCa.create("Ingress IT CA", Duration.ofDays(30));
        CertificateBundle shop = ca.issue(List.of("shop.example.com", "*.shop.example.com"), Duration.ofDays(10));
        DeployHarness.Response added = harness.post("/api/v1/certificates", harness.adminToken,
                Map.of("name", "shop", "certificate", shop.chainPem(), "key", shop.keyPem()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken,
                Map.of("name", "tlsapp", "serviceYml", SERVICE_YML, "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(harness.put("/api/v1/apps/tlsapp/environments/production", harness.adminToken,
                Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20)).status()).isEqualTo(200);
        // The user's own Secret for the legacy host (e.g. from cert-manager): kept for the host no stored certificate covers.
        harness.kube().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("tlsapp-production").endMetadata().build()).create();
        harness.kube().secrets().inNamespace("tlsapp-production").resource(new SecretBuilder()
                .withNewMetadata().withName("web-tls").withNamespace("tlsapp-production").endMetadata()
                .withType("kubernetes.io/tls").addToData("tls.crt", "eA==").addToData("tls.key", "eA==").build()).create();

        JsonNode done = harness.awaitFinished(harness.deploy("tlsapp"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        var secret = harness.kube().secrets().inNamespace("tlsapp-production").withName("maestro-cert-shop").get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(decode(secret.getData().get("tls.crt"))).isEqualTo(shop.chainPem());
        // The same key; its PKCS#8 encoding depends on the JCA provider that wrote it (optional EC parameters).
        assertThat(normalizedKey(decode(secret.getData().get("tls.key")), shop.key().getAlgorithm()))
                .isEqualTo(normalizedKey(shop.keyPem(), shop.key().getAlgorithm()));
        Ingress ingress = harness.kube().network().v1().ingresses().inNamespace("tlsapp-production").withName("web").get();
        assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName, IngressTLS::getHosts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("maestro-cert-shop", List.of("shop.example.com", "www.shop.example.com")),
                org.assertj.core.groups.Tuple.tuple("web-tls", List.of("legacy.example.org", "plain.example.net")));

        String log = log(done);
        assertThat(log).contains("Ingress web: host www.shop.example.com served with stored certificate 'shop' (Secret maestro-cert-shop)")
                .contains("Ingress web: host legacy.example.org served with the existing Secret web-tls");
        String keyBody = shop.keyPem().lines().skip(1).findFirst().orElseThrow();
        assertThat(log).doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
        assertThat(done.toString()).doesNotContain(keyBody);
        for (ConfigMap map : harness.kube().configMaps().inNamespace("tlsapp-production").list().getItems()) {
            assertThat(String.valueOf(map.getData())).doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void aHostNoCertificateCoversIsServedOverPlainHttpWithALogLine() {
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken, Map.of("name", "plainapp",
                "serviceYml", SERVICE_YML.replace("\"shop.example.com\", \"www.shop.example.com\", \"legacy.example.org\", ", ""),
                "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(harness.put("/api/v1/apps/plainapp/environments/production", harness.adminToken,
                Map.of("cluster", DeployHarness.CLUSTER, "rolloutTimeoutSeconds", 20)).status()).isEqualTo(200);

        JsonNode done = harness.awaitFinished(harness.deploy("plainapp"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(log(done)).contains("Ingress web: no stored certificate covers host plain.example.net and there is no Secret "
                + "web-tls in plainapp-production: plain.example.net is served over plain HTTP");
        Ingress ingress = harness.kube().network().v1().ingresses().inNamespace("plainapp-production").withName("web").get();
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly("plain.example.net");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    private static String log(JsonNode deployment) {
        StringBuilder text = new StringBuilder();
        deployment.get("log").forEach(l -> text.append(l.get("line").asText()).append('\n'));
        return text.toString();
    }

    /** A PEM private key's secret value (EC scalar or RSA exponent), so keys compare by value whatever their encoding. */
    private static Object normalizedKey(String pem, String algorithm) {
        try {
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            java.security.PrivateKey key = java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            if (key instanceof java.security.interfaces.ECPrivateKey ec) {
                return ec.getS();
            }
            if (key instanceof java.security.interfaces.RSAPrivateKey rsa) {
                return rsa.getPrivateExponent();
            }
            return java.util.HexFormat.of().formatHex(key.getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
