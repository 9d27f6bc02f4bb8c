package io.maestro.store.secret;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import io.maestro.store.db.Redacted;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Secret values of applications, encrypted at rest with a {@link SecretBox}: the database holds
 * only ciphertexts, nonces and the master key's id, and they are bound as {@link Redacted}
 * arguments, so not even they appear in error messages.
 */
public final class SecretStore {

    private static final RowMapper<Sealed> SEALED = (rs, ctx) ->
            new Sealed(rs.getBytes("ciphertext"), rs.getBytes("nonce"), rs.getString("key_id"));
    private static final String APPLICATION_ID = "(SELECT id FROM applications WHERE name = :app)";

    private final Database db;
    private final Clock clock;
    private final SecretBox box;

    public SecretStore(Database db, Clock clock, SecretBox box) {
        this.db = db;
        this.clock = clock;
        this.box = box;
    }

    /** Stores (or replaces) the secret; a {@code NotFoundException} if there is no such application. */
    public void put(SecretName name, String value) {
        Sealed sealed = box.seal(name, value.getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now(clock);
        int stored = db.withHandle(h -> h.createUpdate("INSERT INTO secrets"
                        + " (application_id, scope, name, ciphertext, nonce, key_id, created_at, updated_at)"
                        + " SELECT id, :scope, :name, :ciphertext, :nonce, :key, :now, :now FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, scope, name) DO UPDATE SET ciphertext = excluded.ciphertext,"
                        + " nonce = excluded.nonce, key_id = excluded.key_id, updated_at = excluded.updated_at")
                .bind("app", name.application())
                .bind("scope", name.scope())
                .bind("name", name.name())
                .bind("ciphertext", Redacted.of(sealed.ciphertext()))
                .bind("nonce", Redacted.of(sealed.nonce()))
                .bind("key", sealed.keyId())
                .bind("now", now)
                .execute());
        if (stored == 0) {
            throw ApplicationDao.notFound(name.application());
        }
    }

    /** The secret's clear value, if it exists; a {@code StoreException} if it cannot be decrypted. */
    public Optional<String> get(SecretName name) {
        return db.withHandle(h -> h.createQuery("SELECT ciphertext, nonce, key_id FROM secrets"
                        + " WHERE application_id = " + APPLICATION_ID + " AND scope = :scope AND name = :name")
                .bind("app", name.application())
                .bind("scope", name.scope())
                .bind("name", name.name())
                .map(SEALED)
                .findOne())
                .map(sealed -> new String(box.open(name, sealed), StandardCharsets.UTF_8));
    }

    /** The names of the application's secrets in {@code scope}, sorted. */
    public List<String> names(String application, String scope) {
        return db.withHandle(h -> h.createQuery("SELECT name FROM secrets"
                        + " WHERE application_id = " + APPLICATION_ID + " AND scope = :scope ORDER BY name")
                .bind("app", application)
                .bind("scope", scope)
                .mapTo(String.class)
                .list());
    }

    /** Deletes the secret; returns whether it existed. */
    public boolean delete(SecretName name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM secrets"
                        + " WHERE application_id = " + APPLICATION_ID + " AND scope = :scope AND name = :name")
                .bind("app", name.application())
                .bind("scope", name.scope())
                .bind("name", name.name())
                .execute()) > 0;
    }
}
