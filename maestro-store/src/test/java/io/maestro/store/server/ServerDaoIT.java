package io.maestro.store.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

class ServerDaoIT {

    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n-----END OPENSSH PRIVATE KEY-----\n";
    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void registersListsAndRemovesServers(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.servers().add(NewServer.local("here", "{\"cores\":2}", MutableClock.START, "alice"));
        clock.advance(Duration.ofMinutes(1));
        Server db1 = store.servers().add(NewServer.ssh("db1", "root", "10.0.0.5", 2222, KEY,
                "[10.0.0.5]:2222 ssh-ed25519 AAAA\n", "{\"cores\":8}", MutableClock.START, "bob"));

        assertThat(db1.address()).isEqualTo("root@10.0.0.5:2222");
        assertThat(db1.addedAt()).isEqualTo(MutableClock.START.plusSeconds(60));
        assertThat(store.servers().list()).extracting(Server::name, Server::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db1", ServerKind.SSH),
                        org.assertj.core.groups.Tuple.tuple("here", ServerKind.LOCAL));
        assertThat(store.servers().require("here").address()).isEqualTo("local");
        assertThat(store.servers().require("db1").knownHosts()).isEqualTo("[10.0.0.5]:2222 ssh-ed25519 AAAA\n");
        assertThat(store.servers().require("db1").facts()).isEqualTo("{\"cores\":8}");

        assertThat(store.servers().remove("db1")).isTrue();
        assertThat(store.servers().remove("db1")).isFalse();
        assertThat(store.servers().find("db1")).isEmpty();
        assertThatThrownBy(() -> store.servers().require("db1")).isInstanceOf(NotFoundException.class)
                .hasMessage("no server named 'db1'");
    }

    @OnBothDatabases
    void aNameIsRegisteredOnce(TestDatabase db) {
        Store store = db.store(clock);
        store.servers().add(NewServer.local("twice", "{}", MutableClock.START, "alice"));
        assertThatThrownBy(() -> store.servers().add(NewServer.local("twice", "{}", MutableClock.START, "alice")))
                .isInstanceOf(ConflictException.class).hasMessage("server 'twice' already exists");
    }

    @OnBothDatabases
    void thePrivateKeyIsStoredEncryptedAndReadBack(TestDatabase db) {
        Store store = db.store(clock);
        store.servers().add(NewServer.ssh("web1", "deploy", "web1.example.com", 22, KEY, "web1.example.com ssh-ed25519 AAAA\n",
                "{}", MutableClock.START, "alice"));

        assertThat(store.servers().privateKey("web1")).contains(KEY);
        assertThat(store.servers().privateKey("nobody")).isEmpty();
        Map<String, Object> row = db.database().withHandle(h -> h.createQuery("SELECT * FROM servers WHERE name = 'web1'")
                .mapToMap().one());
        for (Object value : row.values()) {
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
            assertThat(text).doesNotContain("secret-key-material");
        }
    }

    @OnBothDatabases
    void aKeyRowCopiedToAnotherServerDoesNotDecrypt(TestDatabase db) {
        Store store = db.store(clock);
        store.servers().add(NewServer.ssh("copy-a", "root", "10.0.0.1", 22, KEY, "10.0.0.1 ssh-ed25519 AAAA\n", "{}",
                MutableClock.START, "alice"));
        store.servers().add(NewServer.ssh("copy-b", "root", "10.0.0.2", 22, "other key", "10.0.0.2 ssh-ed25519 AAAA\n", "{}",
                MutableClock.START, "alice"));
        db.database().withHandle(h -> h.createUpdate("UPDATE servers SET key_ciphertext = (SELECT key_ciphertext FROM servers"
                + " WHERE name = 'copy-a'), key_nonce = (SELECT key_nonce FROM servers WHERE name = 'copy-a') WHERE name = 'copy-b'").execute());

        assertThatThrownBy(() -> store.servers().privateKey("copy-b")).hasMessageContaining("does not authenticate")
                .hasMessageNotContaining("secret-key-material");
    }

    @OnBothDatabases
    void factsAreReplacedWithTheirTime(TestDatabase db) {
        Store store = db.store(clock);
        store.servers().add(NewServer.local("facts", "{\"cores\":1}", MutableClock.START, "alice"));
        clock.advance(Duration.ofHours(1));
        store.servers().updateFacts("facts", "{\"cores\":4}");

        Server server = store.servers().require("facts");
        assertThat(server.facts()).isEqualTo("{\"cores\":4}");
        assertThat(server.factsAt()).isEqualTo(MutableClock.START.plusSeconds(3600));
        assertThatThrownBy(() -> store.servers().updateFacts("nobody", "{}")).isInstanceOf(NotFoundException.class);
    }

    @OnBothDatabases
    void theSchemaRefusesAnSshServerWithoutAKey(TestDatabase db) {
        Store store = db.store(clock);
        assertThatThrownBy(() -> db.database().withHandle(h -> h.createUpdate("INSERT INTO servers (name, kind, ssh_user,"
                        + " ssh_host, ssh_port, facts, facts_at, added_at, added_by) VALUES ('keyless', 'ssh', 'root', 'h', 22, '{}',"
                        + " :t, :t, 'a')").bind("t", MutableClock.START).execute()))
                .hasMessageContaining("servers");
        assertThat(store.servers().find("keyless")).isEmpty();
    }
}
