package io.maestro.store.server;

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
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Registered servers by name. SSH private keys are sealed with the {@link SecretBox} under the
 * name {@code servers/ssh-private-key/NAME}, so a key row copied onto another server does not
 * decrypt; listings never read them.
 */
public final class ServerDao {

    private static final RowMapper<Server> MAPPER = ConstructorMapper.of(Server.class);
    private static final String COLUMNS = "id, name, kind, ssh_user, ssh_host, ssh_port, known_hosts, facts, facts_at,"
            + " added_at, added_by";

    private final Database db;
    private final Clock clock;
    private final SecretBox box;

    public ServerDao(Database db, Clock clock, SecretBox box) {
        this.db = db;
        this.clock = clock;
        this.box = box;
    }

    /** The secret name a server's private key is sealed under. */
    public static SecretName keyName(String server) {
        return new SecretName("servers", "ssh-private-key", server);
    }

    /** Registers the server; a {@link ConflictException} when the name is taken. */
    public Server add(NewServer server) {
        Sealed sealed = server.privateKey() == null ? null
                : box.seal(keyName(server.name()), server.privateKey().getBytes(StandardCharsets.UTF_8));
        return db.withHandle(h -> h.createQuery("INSERT INTO servers (name, kind, ssh_user, ssh_host, ssh_port,"
                        + " key_ciphertext, key_nonce, key_id, known_hosts, facts, facts_at, added_at, added_by)"
                        + " VALUES (:name, :kind, :user, :host, :port, :ciphertext, :nonce, :keyId, :knownHosts, :facts,"
                        + " :factsAt, :now, :by) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", server.name())
                .bind("kind", server.kind())
                .bind("user", server.sshUser())
                .bind("host", server.sshHost())
                .bind("port", server.sshPort())
                .bind("ciphertext", Redacted.of(sealed == null ? null : sealed.ciphertext()))
                .bind("nonce", Redacted.of(sealed == null ? null : sealed.nonce()))
                .bind("keyId", sealed == null ? null : sealed.keyId())
                .bind("knownHosts", server.knownHosts())
                .bind("facts", server.facts())
                .bind("factsAt", server.factsAt())
                .bind("now", Instant.now(clock))
                .bind("by", server.addedBy())
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> new ConflictException("server '" + server.name() + "' already exists")));
    }

    public Optional<Server> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    /** The server, or a {@link NotFoundException} naming it. */
    public Server require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Every server, by name. */
    public List<Server> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers ORDER BY name")
                .map(MAPPER)
                .list());
    }

    /** The server's clear private key; empty for a local server. */
    public Optional<String> privateKey(String name) {
        Optional<Sealed> sealed = db.withHandle(h -> h.createQuery(
                        "SELECT key_ciphertext, key_nonce, key_id FROM servers WHERE name = :name AND key_ciphertext IS NOT NULL")
                .bind("name", name)
                .map((rs, ctx) -> new Sealed(rs.getBytes("key_ciphertext"), rs.getBytes("key_nonce"), rs.getString("key_id")))
                .findOne());
        return sealed.map(s -> new String(box.open(keyName(name), s), StandardCharsets.UTF_8));
    }

    /** Replaces the gathered facts (JSON). */
    public void updateFacts(String name, String facts) {
        int updated = db.withHandle(h -> h.createUpdate("UPDATE servers SET facts = :facts, facts_at = :now WHERE name = :name")
                .bind("facts", facts)
                .bind("now", Instant.now(clock))
                .bind("name", name)
                .execute());
        if (updated == 0) {
            throw notFound(name);
        }
    }

    /** Removes the server, its key and its roles; returns whether it existed. */
    public boolean remove(String name) {
        return db.inTransaction(h -> {
            h.createUpdate("DELETE FROM server_roles WHERE server = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM servers WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    /**
     * Gives the server the build role: queued builds run on it, at most {@code slots} at once
     * (1 to 64). Setting it again changes the slots. A {@link NotFoundException} for an unknown server.
     */
    public BuildRole setBuildRole(String name, int slots) {
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("build slots: expected 1 to 64, found " + slots);
        }
        require(name);
        db.withHandle(h -> h.createUpdate("INSERT INTO server_roles (server, role, slots) VALUES (:name, 'build', :slots)"
                        + " ON CONFLICT (server, role) DO UPDATE SET slots = excluded.slots")
                .bind("name", name)
                .bind("slots", slots)
                .execute());
        return new BuildRole(name, slots);
    }

    /** Takes the build role away; returns whether the server had it. */
    public boolean removeBuildRole(String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM server_roles WHERE server = :name AND role = 'build'")
                .bind("name", name)
                .execute()) > 0;
    }

    /** The server's build role, if it has one. */
    public Optional<BuildRole> buildRole(String name) {
        return db.withHandle(h -> h.createQuery("SELECT server, slots FROM server_roles WHERE server = :name AND role = 'build'")
                .bind("name", name)
                .map((rs, ctx) -> new BuildRole(rs.getString("server"), rs.getInt("slots")))
                .findOne());
    }

    /** Every server with the build role, by name. */
    public List<BuildRole> buildServers() {
        return db.withHandle(h -> h.createQuery("SELECT server, slots FROM server_roles WHERE role = 'build' ORDER BY server")
                .map((rs, ctx) -> new BuildRole(rs.getString("server"), rs.getInt("slots")))
                .list());
    }

    public static NotFoundException notFound(String name) {
        return new NotFoundException("no server named '" + name + "'");
    }
}
