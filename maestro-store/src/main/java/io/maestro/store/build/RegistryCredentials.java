package io.maestro.store.build;

import io.maestro.store.db.Database;
import io.maestro.store.db.Redacted;
import io.maestro.store.secret.Sealed;
import io.maestro.store.secret.SecretBox;
import io.maestro.store.secret.SecretName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Credentials of the registries BuildGrid pushes to, by host. Passwords are sealed with the
 * {@link SecretBox} under {@code registries/password/HOST}, so a row copied onto another host
 * does not decrypt; listings never read them.
 */
public final class RegistryCredentials {

    private static final RowMapper<RegistryCredential> MAPPER = ConstructorMapper.of(RegistryCredential.class);
    private static final String COLUMNS = "host, username, is_default, added_at, added_by";

    private final Database db;
    private final Clock clock;
    private final SecretBox box;

    public RegistryCredentials(Database db, Clock clock, SecretBox box) {
        this.db = db;
        this.clock = clock;
        this.box = box;
    }

    static SecretName passwordName(String host) {
        return new SecretName("registries", "password", host);
    }

    /**
     * Stores (or replaces) the host's credentials. When {@code makeDefault}, builds push to this
     * registry from now on and no other registry is the default.
     */
    public RegistryCredential put(String host, String username, String password, boolean makeDefault, String by) {
        Sealed sealed = box.seal(passwordName(host), password.getBytes(StandardCharsets.UTF_8));
        return db.inTransaction(h -> {
            if (makeDefault) {
                h.createUpdate("UPDATE registries SET is_default = FALSE WHERE host <> :host").bind("host", host).execute();
            }
            return h.createQuery("INSERT INTO registries (host, username, password_ciphertext, password_nonce, key_id,"
                            + " is_default, added_at, added_by) VALUES (:host, :user, :ciphertext, :nonce, :keyId, :isDefault,"
                            + " :now, :by) ON CONFLICT (host) DO UPDATE SET username = excluded.username,"
                            + " password_ciphertext = excluded.password_ciphertext, password_nonce = excluded.password_nonce,"
                            + " key_id = excluded.key_id, is_default = excluded.is_default, added_at = excluded.added_at,"
                            + " added_by = excluded.added_by RETURNING " + COLUMNS)
                    .bind("host", host)
                    .bind("user", username)
                    .bind("ciphertext", Redacted.of(sealed.ciphertext()))
                    .bind("nonce", Redacted.of(sealed.nonce()))
                    .bind("keyId", sealed.keyId())
                    .bind("isDefault", makeDefault)
                    .bind("now", Instant.now(clock))
                    .bind("by", by)
                    .map(MAPPER)
                    .one();
        });
    }

    public Optional<RegistryCredential> find(String host) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM registries WHERE host = :host")
                .bind("host", host)
                .map(MAPPER)
                .findOne());
    }

    /** The registry builds push to, when one was made the default. */
    public Optional<RegistryCredential> defaultRegistry() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM registries WHERE is_default = TRUE")
                .map(MAPPER)
                .findFirst());
    }

    /** Every registry, by host; passwords are not read. */
    public List<RegistryCredential> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM registries ORDER BY host").map(MAPPER).list());
    }

    /** The host's password, decrypted; empty when the host has no credentials. */
    public Optional<String> password(String host) {
        return db.withHandle(h -> h.createQuery("SELECT password_ciphertext, password_nonce, key_id FROM registries WHERE host = :host")
                .bind("host", host)
                .map((rs, ctx) -> new Sealed(rs.getBytes(1), rs.getBytes(2), rs.getString(3)))
                .findOne())
                .map(sealed -> new String(box.open(passwordName(host), sealed), StandardCharsets.UTF_8));
    }

    /** Removes the host's credentials; returns whether there were any. */
    public boolean remove(String host) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM registries WHERE host = :host").bind("host", host).execute()) > 0;
    }
}
