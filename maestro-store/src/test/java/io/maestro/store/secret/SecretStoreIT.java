package io.maestro.store.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

class SecretStoreIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void storesAndReadsBackASecret(TestDatabase db) {
        Store store = withApplication(db, "secret-roundtrip");
        SecretName name = new SecretName("secret-roundtrip", "env", "DB_PASSWORD");

        store.secrets().put(name, "hunter2-\u00e9");

        assertThat(store.secrets().get(name)).contains("hunter2-\u00e9");
        assertThat(store.secrets().get(new SecretName("secret-roundtrip", "env", "OTHER"))).isEmpty();
    }

    @OnBothDatabases
    void theDatabaseHoldsOnlyCiphertext(TestDatabase db) {
        Store store = withApplication(db, "secret-at-rest");
        String value = "plain-text-that-must-not-be-stored";
        store.secrets().put(new SecretName("secret-at-rest", "env", "TOKEN"), value);

        Map<String, Object> row = db.database().withHandle(h -> h.createQuery(
                "SELECT s.* FROM secrets s JOIN applications a ON a.id = s.application_id WHERE a.name = 'secret-at-rest'")
                .mapToMap().one());

        String ciphertext = new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1);
        assertThat(ciphertext).doesNotContain(value);
        assertThat(row.values()).noneMatch(column -> String.valueOf(column).contains(value));
        assertThat((byte[]) row.get("nonce")).hasSize(12);
    }

    @OnBothDatabases
    void replacesAndDeletesSecrets(TestDatabase db) {
        Store store = withApplication(db, "secret-replace");
        SecretName name = new SecretName("secret-replace", "env", "KEY");
        store.secrets().put(name, "one");
        store.secrets().put(name, "two");
        store.secrets().put(new SecretName("secret-replace", "env", "ANOTHER"), "x");
        store.secrets().put(new SecretName("secret-replace", "env:web", "KEY"), "web's");

        assertThat(store.secrets().get(name)).contains("two");
        assertThat(store.secrets().names("secret-replace", "env")).containsExactly("ANOTHER", "KEY");
        assertThat(store.secrets().delete(name)).isTrue();
        assertThat(store.secrets().delete(name)).isFalse();
        assertThat(store.secrets().names("secret-replace", "env")).containsExactly("ANOTHER");
        assertThat(store.secrets().get(new SecretName("secret-replace", "env:web", "KEY"))).contains("web's");
    }

    @OnBothDatabases
    void aCiphertextCopiedOntoAnotherSecretDoesNotDecrypt(TestDatabase db) {
        Store store = withApplication(db, "secret-swap");
        SecretName admin = new SecretName("secret-swap", "env", "ADMIN_PASSWORD");
        SecretName guest = new SecretName("secret-swap", "env", "GUEST_PASSWORD");
        store.secrets().put(admin, "admin-value");
        store.secrets().put(guest, "guest-value");

        db.database().useTransaction(h -> {
            Map<String, Object> source = h.createQuery("SELECT ciphertext, nonce FROM secrets WHERE name = 'ADMIN_PASSWORD'"
                    + " AND application_id = (SELECT id FROM applications WHERE name = 'secret-swap')").mapToMap().one();
            h.createUpdate("UPDATE secrets SET ciphertext = :c, nonce = :n WHERE name = 'GUEST_PASSWORD'"
                            + " AND application_id = (SELECT id FROM applications WHERE name = 'secret-swap')")
                    .bind("c", (byte[]) source.get("ciphertext"))
                    .bind("n", (byte[]) source.get("nonce"))
                    .execute();
        });

        assertThatThrownBy(() -> store.secrets().get(guest))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot decrypt secret secret-swap/env/GUEST_PASSWORD")
                .hasMessageNotContaining("admin-value");
    }

    @OnBothDatabases
    void aControlPlaneWithAnotherMasterKeyCannotReadSecrets(TestDatabase db) {
        Store store = withApplication(db, "secret-other-key");
        SecretName name = new SecretName("secret-other-key", "env", "KEY");
        store.secrets().put(name, "value");

        Store otherKey = db.store(clock);

        assertThatThrownBy(() -> otherKey.secrets().get(name))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("was encrypted under master key");
    }

    @OnBothDatabases
    void refusesASecretOfAMissingApplication(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).secrets().put(new SecretName("ghost", "env", "X"), "v"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no application named 'ghost'");
    }

    @OnBothDatabases
    void deletingTheApplicationDeletesItsSecrets(TestDatabase db) {
        Store store = withApplication(db, "secret-cascade");
        store.secrets().put(new SecretName("secret-cascade", "env", "KEY"), "v");

        store.applications().delete("secret-cascade");

        long left = db.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM secrets WHERE name = 'KEY'"
                + " AND application_id NOT IN (SELECT id FROM applications)").mapTo(Long.class).one());
        assertThat(left).isZero();
        assertThat(store.secrets().names("secret-cascade", "env")).isEqualTo(List.of());
    }

    private Store withApplication(TestDatabase db, String name) {
        Store store = db.store(clock);
        store.applications().create(name);
        return store;
    }
}
