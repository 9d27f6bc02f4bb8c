package io.maestro.store.tls;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.Redacted;
import io.maestro.store.secret.Sealed;
import io.maestro.store.secret.SecretBox;
import io.maestro.store.secret.SecretName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * TLS certificates by name. The chain is public and stored as PEM; the private key is sealed
 * with the {@link SecretBox} before it reaches SQL and bound as {@link Redacted}, so the
 * database holds only its ciphertext and no error message shows it.
 *
 * <pre>{@code
 * store.certificates().add(new NewCertificate("shop", List.of("shop.example.com"), notAfter, issuer, chain, key, "alice"));
 * String key = store.certificates().privateKeyPem("shop").orElseThrow();
 * }</pre>
 */
public final class CertificateDao {

    private static final RowMapper<StoredCertificate> MAPPER = (rs, ctx) -> new StoredCertificate(
            rs.getString("name"),
            splitHosts(rs.getString("hosts")),
            ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "not_after", ctx),
            rs.getString("issuer"),
            rs.getString("chain_pem"),
            ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "added_at", ctx),
            rs.getString("added_by"));
    private static final RowMapper<Sealed> SEALED = (rs, ctx) -> new Sealed(
            rs.getBytes("key_ciphertext"), rs.getBytes("key_nonce"), rs.getString("key_id"));
    private static final String COLUMNS = "name, hosts, not_after, issuer, chain_pem, added_at, added_by";

    private final Database db;
    private final Clock clock;
    private final SecretBox box;

    public CertificateDao(Database db, Clock clock, SecretBox box) {
        this.db = db;
        this.clock = clock;
        this.box = box;
    }

    /** Stores the certificate; a {@link ConflictException} if the name is taken. */
    public StoredCertificate add(NewCertificate certificate) {
        Sealed sealed = box.seal(secretName(certificate.name()), certificate.keyPem().getBytes(StandardCharsets.UTF_8));
        return db.withHandle(h -> h.createQuery("INSERT INTO certificates"
                        + " (name, hosts, not_after, issuer, chain_pem, key_ciphertext, key_nonce, key_id, added_at, added_by)"
                        + " VALUES (:name, :hosts, :notAfter, :issuer, :chain, :ciphertext, :nonce, :key, :now, :by)"
                        + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", certificate.name())
                .bind("hosts", String.join("\n", certificate.hosts()))
                .bind("notAfter", certificate.notAfter())
                .bind("issuer", certificate.issuer())
                .bind("chain", certificate.chainPem())
                .bind("ciphertext", Redacted.of(sealed.ciphertext()))
                .bind("nonce", Redacted.of(sealed.nonce()))
                .bind("key", sealed.keyId())
                .bind("now", Instant.now(clock))
                .bind("by", certificate.addedBy())
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> new ConflictException("certificate '" + certificate.name() + "' already exists"
                        + " (remove it first to replace it)")));
    }

    public Optional<StoredCertificate> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM certificates WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    /** Every stored certificate, by name. */
    public List<StoredCertificate> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM certificates ORDER BY name")
                .map(MAPPER)
                .list());
    }

    /**
     * The certificate's private key in clear (PEM), if the certificate exists; a
     * {@code StoreException} when it cannot be decrypted. Never log it.
     */
    public Optional<String> privateKeyPem(String name) {
        return db.withHandle(h -> h.createQuery("SELECT key_ciphertext, key_nonce, key_id FROM certificates WHERE name = :name")
                .bind("name", name)
                .map(SEALED)
                .findOne())
                .map(sealed -> new String(box.open(secretName(name), sealed), StandardCharsets.UTF_8));
    }

    /** Removes the certificate and its key; returns whether it existed. */
    public boolean delete(String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM certificates WHERE name = :name")
                .bind("name", name)
                .execute()) > 0;
    }

    /** The exception for a certificate that is not stored. */
    public static NotFoundException notFound(String name) {
        return new NotFoundException("no certificate named '" + name + "'");
    }

    /**
     * The name a key is sealed under: the empty application name (which no application can
     * have) keeps it apart from application secrets; the certificate's name binds the
     * ciphertext to its own row.
     */
    static SecretName secretName(String certificate) {
        return new SecretName("", "certificate-key", certificate);
    }

    private static List<String> splitHosts(String hosts) {
        return hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split("\n"));
    }
}
