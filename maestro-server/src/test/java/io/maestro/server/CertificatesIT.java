package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import io.maestro.server.tls.CertificateStore;
import io.maestro.server.tls.HostCertificate;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CERTIFICATES routes and {@link CertificateStore#forHost} on a real server. */
class CertificatesIT {

    private static final DevelopmentCa CA = DevelopmentCa.create("Certificates IT CA", Duration.ofDays(30));

    @TempDir
    static Path home;

    static TestServer server;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        admin = server.adminToken;
        viewer = server.tokenFor("vic", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCheckedCertificateIsStoredListedWithoutItsKeyAndRemoved() {
        CertificateBundle shop = CA.issue(List.of("shop.example.com", "*.shop.example.com"), Duration.ofDays(10));
        TestServer.Response added = server.post("/api/v1/certificates", admin, body("shop", leafPem(shop), shop.keyPem(), caPem()));

        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("hosts").toString()).isEqualTo("[\"shop.example.com\",\"*.shop.example.com\"]");
        assertThat(added.json().get("issuer").asText()).contains("CN=Certificates IT CA");
        assertThat(added.json().get("notAfter").asText()).isEqualTo(shop.leaf().getNotAfter().toInstant().toString());

        TestServer.Response listed = server.get("/api/v1/certificates", viewer);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(find(listed.json().get("certificates"), "shop").get("addedBy").asText()).isEqualTo("admin");
        assertThat(listed.body()).doesNotContain("PRIVATE KEY").doesNotContain(shop.keyPem().substring(40, 80));
        assertThat(auditOf("shop")).extracting(AuditEntry::action).contains("certificate.add");
        assertThat(auditOf("shop")).allSatisfy(a -> assertThat(a.detail()).doesNotContain("PRIVATE"));

        assertThat(server.post("/api/v1/certificates", admin, body("shop", leafPem(shop), shop.keyPem(), caPem())).status())
                .isEqualTo(409);
        assertThat(server.send("DELETE", "/api/v1/certificates/shop", viewer, null).status()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/v1/certificates/shop", admin, null).status()).isEqualTo(204);
        assertThat(server.send("DELETE", "/api/v1/certificates/shop", admin, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/certificates", viewer).body()).doesNotContain("\"shop\"");
    }

    @Test
    void aKeyOfAnotherCertificateAnExpiredOneAndAChainOutOfOrderAreRefusedAndNothingIsStored() {
        CertificateBundle good = CA.issue(List.of("bad.example.com"), Duration.ofDays(10));
        CertificateBundle other = CA.issue(List.of("bad.example.com"), Duration.ofDays(10));
        TestServer.Response wrongKey = server.post("/api/v1/certificates", admin,
                body("wrong-key", leafPem(good), other.keyPem(), caPem()));
        assertThat(wrongKey.status()).isEqualTo(400);
        assertThat(wrongKey.json().get("error").asText()).isEqualTo("invalid_certificate");
        assertThat(wrongKey.json().get("message").asText())
                .contains("cannot use the certificate for certificate 'wrong-key'")
                .contains("the private key does not belong to the certificate")
                .contains("nothing was stored")
                .doesNotContain(other.keyPem().substring(40, 80));

        CertificateBundle expired = CA.issue(List.of("old.example.com"), Duration.ofMinutes(-1));
        TestServer.Response old = server.post("/api/v1/certificates", admin, body("old", leafPem(expired), expired.keyPem(), null));
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.json().get("message").asText()).contains("expired on");

        TestServer.Response reversed = server.post("/api/v1/certificates", admin,
                body("reversed", caPem() + leafPem(good), good.keyPem(), null));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("message").asText()).contains("chain order");

        TestServer.Response garbage = server.post("/api/v1/certificates", admin, body("garbage", "not pem", good.keyPem(), null));
        assertThat(garbage.status()).isEqualTo(400);
        TestServer.Response badName = server.post("/api/v1/certificates", admin, body("Bad;Name", leafPem(good), good.keyPem(), null));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("message").asText()).contains("name: expected a DNS label");

        JsonNode listed = server.get("/api/v1/certificates", viewer).json().get("certificates");
        for (String name : List.of("wrong-key", "old", "reversed", "garbage")) {
            assertThat(find(listed, name)).as(name).isNull();
        }
        assertThat(server.post("/api/v1/certificates", viewer, body("v", leafPem(good), good.keyPem(), null)).status())
                .isEqualTo(403);
    }

    @Test
    void forHostPrefersAnExactNameThenAWildcardAndIgnoresOtherHosts() {
        CertificateBundle wildcard = CA.issue(List.of("*.pick.example.com"), Duration.ofDays(20));
        CertificateBundle exact = CA.issue(List.of("api.pick.example.com"), Duration.ofDays(5));
        assertThat(server.post("/api/v1/certificates", admin, body("pick-wild", wildcard.chainPem(), wildcard.keyPem(), null))
                .status()).isEqualTo(201);
        assertThat(server.post("/api/v1/certificates", admin, body("pick-api", exact.chainPem(), exact.keyPem(), null))
                .status()).isEqualTo(201);
        CertificateStore certificates = new CertificateStore(server.server.store(), Clock.systemUTC());

        Optional<HostCertificate> api = certificates.forHost("API.pick.example.com");
        assertThat(api).map(HostCertificate::name).contains("pick-api");
        // The same key; its PKCS#8 encoding depends on the JCA provider that parsed it (optional EC parameters).
        assertThat(normalized(api.orElseThrow().bundle().key())).isEqualTo(normalized(exact.key()));
        assertThat(api.orElseThrow().bundle().chain()).hasSize(2);
        assertThat(certificates.forHost("www.pick.example.com")).map(HostCertificate::name).contains("pick-wild");
        assertThat(certificates.forHost("a.b.pick.example.com")).isEmpty();
        assertThat(certificates.forHost("pick.example.com")).isEmpty();
        assertThat(certificates.forHost("elsewhere.example.org")).isEmpty();
    }

    private static Map<String, Object> body(String name, String certificate, String key, String chain) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("certificate", certificate);
        body.put("key", key);
        if (chain != null) {
            body.put("chain", chain);
        }
        return body;
    }

    private static String leafPem(CertificateBundle bundle) {
        return new CertificateBundle(List.of(bundle.leaf()), bundle.key()).chainPem();
    }

    private static String caPem() {
        return CA.certificatePem();
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        return null;
    }

    private static List<AuditEntry> auditOf(String target) {
        return server.server.store().audit().forTarget(target, 10);
    }

    /** The key's secret value (EC scalar or RSA exponent), so keys compare by value whatever their encoding. */
    private static Object normalized(java.security.PrivateKey key) {
        if (key instanceof java.security.interfaces.ECPrivateKey ec) {
            return ec.getS();
        }
        if (key instanceof java.security.interfaces.RSAPrivateKey rsa) {
            return rsa.getPrivateExponent();
        }
        return java.util.HexFormat.of().formatHex(key.getEncoded());
    }
}
