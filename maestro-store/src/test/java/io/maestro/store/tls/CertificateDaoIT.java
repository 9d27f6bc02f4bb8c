package io.maestro.store.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

class CertificateDaoIT {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nc3VwZXItc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
    private static final String CHAIN = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final Instant NOT_AFTER = Instant.parse("2027-03-01T00:00:00Z");

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void storesACertificateAndReadsItsKeyBack(TestDatabase db) {
        Store store = db.store(clock);

        StoredCertificate added = store.certificates().add(certificate("dao-cert-roundtrip", "shop.example.com", "*.shop.example.com"));

        assertThat(added.name()).isEqualTo("dao-cert-roundtrip");
        assertThat(added.hosts()).containsExactly("shop.example.com", "*.shop.example.com");
        assertThat(added.notAfter()).isEqualTo(NOT_AFTER);
        assertThat(added.issuer()).isEqualTo("CN=Test CA");
        assertThat(added.chainPem()).isEqualTo(CHAIN);
        assertThat(added.addedAt()).isEqualTo(MutableClock.START);
        assertThat(store.certificates().find("dao-cert-roundtrip")).contains(added);
        assertThat(store.certificates().list()).contains(added);
        assertThat(store.certificates().privateKeyPem("dao-cert-roundtrip")).contains(KEY);
        assertThat(store.certificates().privateKeyPem("dao-cert-nothing")).isEmpty();
    }

    @OnBothDatabases
    void theDatabaseHoldsOnlyTheKeysCiphertext(TestDatabase db) {
        Store store = db.store(clock);
        store.certificates().add(certificate("dao-cert-at-rest", "a.example.com"));

        Map<String, Object> row = db.database().withHandle(h -> h.createQuery(
                "SELECT * FROM certificates WHERE name = 'dao-cert-at-rest'").mapToMap().one());

        assertThat(row.values()).noneMatch(column -> text(column).contains("c3VwZXItc2VjcmV0"));
        assertThat(row.values()).noneMatch(column -> text(column).contains("PRIVATE KEY"));
    }

    @OnBothDatabases
    void aSecondCertificateWithTheSameNameIsRefusedAndRemoveDeletesIt(TestDatabase db) {
        Store store = db.store(clock);
        store.certificates().add(certificate("dao-cert-twice", "a.example.com"));

        assertThatThrownBy(() -> store.certificates().add(certificate("dao-cert-twice", "b.example.com")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("certificate 'dao-cert-twice' already exists");
        assertThat(store.certificates().find("dao-cert-twice").orElseThrow().hosts()).containsExactly("a.example.com");

        assertThat(store.certificates().delete("dao-cert-twice")).isTrue();
        assertThat(store.certificates().delete("dao-cert-twice")).isFalse();
        assertThat(store.certificates().privateKeyPem("dao-cert-twice")).isEmpty();
    }

    @OnBothDatabases
    void aKeyCopiedOntoAnotherCertificateDoesNotDecrypt(TestDatabase db) {
        Store store = db.store(clock);
        store.certificates().add(certificate("dao-cert-swap-a", "a.example.com"));
        store.certificates().add(certificate("dao-cert-swap-b", "b.example.com"));

        db.database().useTransaction(h -> h.createUpdate("UPDATE certificates SET"
                + " key_ciphertext = (SELECT key_ciphertext FROM certificates WHERE name = 'dao-cert-swap-a'),"
                + " key_nonce = (SELECT key_nonce FROM certificates WHERE name = 'dao-cert-swap-a')"
                + " WHERE name = 'dao-cert-swap-b'").execute());

        assertThatThrownBy(() -> store.certificates().privateKeyPem("dao-cert-swap-b"))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("c3VwZXI");
    }

    private static NewCertificate certificate(String name, String... hosts) {
        return new NewCertificate(name, List.of(hosts), NOT_AFTER, "CN=Test CA", CHAIN, KEY, "alice");
    }

    private static String text(Object column) {
        return column instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(column);
    }
}
