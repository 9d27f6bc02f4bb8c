package io.maestro.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.PostgresServer;
import io.maestro.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseIT {

    @TempDir
    Path temp;

    @OnBothDatabases
    void migratesToTheCurrentSchema(TestDatabase db) {
        assertThat(db.database().schemaVersion()).isEqualTo("5");
        assertThat(db.database().dialect()).isEqualTo(db.dialect());
    }

    @OnBothDatabases
    void storesTimesAsEpochMillisOnSqliteAndTimestamptzOnPostgresql(TestDatabase db) {
        Store store = db.store(new MutableClock());
        store.applications().create("times");

        String type = db.database().withHandle(h -> h.createQuery(switch (db.dialect()) {
            case SQLITE -> "SELECT typeof(created_at) FROM applications WHERE name = 'times'";
            case POSTGRESQL -> "SELECT pg_typeof(created_at)::text FROM applications WHERE name = 'times'";
        }).mapTo(String.class).one());
        assertThat(type).isEqualTo(db.dialect() == Dialect.SQLITE ? "integer" : "timestamp with time zone");

        if (db.dialect() == Dialect.SQLITE) {
            long millis = db.database().withHandle(h -> h.createQuery("SELECT created_at FROM applications WHERE name = 'times'")
                    .mapTo(Long.class).one());
            assertThat(millis).isEqualTo(MutableClock.START.toEpochMilli());
        } else {
            String text = db.database().withHandle(h -> h.createQuery(
                    "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM applications WHERE name = 'times'")
                    .mapTo(String.class).one());
            assertThat(text).isEqualTo("2026-03-01T12:00:00.123");
        }
    }

    @OnBothDatabases
    void truncatesTimesToMillisecondsOnBothDatabases(TestDatabase db) {
        Store store = db.store(new MutableClock(Instant.parse("2026-03-01T12:00:00.123456789Z")));

        assertThat(store.applications().create("micros").createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @OnBothDatabases
    void reopeningAMigratedDatabaseChangesNothing(TestDatabase db) {
        Database first = db.fresh();
        Store store = Store.of(first, new MutableClock(), null);
        store.applications().create("kept");

        try (Database again = switch (db.dialect()) {
            case SQLITE -> Database.open("jdbc:sqlite:" + first.description().substring("SQLite database ".length()), temp);
            case POSTGRESQL -> Database.postgresql(first.description().substring("PostgreSQL database ".length()),
                    PostgresServer.get().user(), null);
        }) {
            assertThat(again.schemaVersion()).isEqualTo("5");
            assertThat(Store.of(again, new MutableClock(), null).applications().find("kept")).isPresent();
        }
    }

    @OnBothDatabases
    void aFailedStatementReportsItsSqlAndArgumentsButRedactsSensitiveOnes(TestDatabase db) {
        assertThatThrownBy(() -> db.database().withHandle(h -> h.createUpdate(
                        "INSERT INTO users (name, role, created_at) VALUES (:name, :role, :at)")
                .bind("name", "eve")
                .bind("role", Redacted.of("root"))
                .bind("at", MutableClock.START)
                .execute()))
                .isInstanceOf(StoreException.class)
                .isNotInstanceOf(ConflictException.class)
                .hasMessageContaining("\n  SQL: INSERT INTO users (name, role, created_at) VALUES (:name, :role, :at)\n")
                .hasMessageContaining("name:eve")
                .hasMessageContaining("role:<redacted>")
                .hasMessageContaining("at:2026-03-01T12:00:00.123Z")
                .hasMessageNotContaining("root");
    }

    @OnBothDatabases
    void aUniqueViolationIsAConflict(TestDatabase db) {
        db.store(new MutableClock()).users().create("unique-user", io.maestro.store.auth.Role.VIEWER);

        assertThatThrownBy(() -> db.database().withHandle(h -> h.createUpdate(
                        "INSERT INTO users (name, role, created_at) VALUES (:name, 'viewer', :at)")
                .bind("name", "unique-user")
                .bind("at", MutableClock.START)
                .execute()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("name:unique-user");
    }

    @OnBothDatabases
    void enforcesForeignKeys(TestDatabase db) {
        assertThatThrownBy(() -> db.database().withHandle(h -> h.createUpdate(
                        "INSERT INTO api_tokens (user_id, prefix, token_hash, created_at, revoked)"
                                + " VALUES (987654321, 'p', 'h', :at, FALSE)")
                .bind("at", MutableClock.START)
                .execute()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("foreign key")
                .hasMessageContaining("SQL: INSERT INTO api_tokens");
    }

    @Test
    void bothMigrationFoldersCreateTheSameTablesAndColumns() {
        PostgresServer server = PostgresServer.get();
        try (Database sqlite = Database.sqlite(temp.resolve("twin.db"));
                Database postgresql = Database.postgresql(server.createDatabase(), server.user(), null)) {
            List<String> sqliteColumns = sqlite.withHandle(h -> h.createQuery("SELECT m.name || '.' || c.name"
                            + " FROM sqlite_master m JOIN pragma_table_info(m.name) c"
                            + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'flyway_schema_history'"
                            + " ORDER BY m.name, c.cid")
                    .mapTo(String.class).list());
            List<String> postgresqlColumns = postgresql.withHandle(h -> h.createQuery("SELECT table_name || '.' || column_name"
                            + " FROM information_schema.columns"
                            + " WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
                            + " ORDER BY table_name, ordinal_position")
                    .mapTo(String.class).list());

            assertThat(sqliteColumns).hasSizeGreaterThan(50).isEqualTo(postgresqlColumns);
        }
    }

    @Test
    void sqliteRunsInWalModeWithForeignKeysAndABusyTimeout() {
        try (Database db = Database.sqlite(temp.resolve("pragmas.db"))) {
            List<Object> pragmas = db.withHandle(h -> List.of(
                    h.createQuery("PRAGMA journal_mode").mapTo(String.class).one(),
                    h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one(),
                    h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()));

            assertThat(pragmas).containsExactly("wal", 1, Database.SQLITE_BUSY_TIMEOUT_MILLIS);
        }
    }

    @Test
    void theDefaultDatabaseIsAPrivateSqliteFileInMaestroHome() throws Exception {
        Path home = temp.resolve("home");

        try (Database db = Database.open(null, home)) {
            assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(db.description()).isEqualTo("SQLite database " + home.resolve(Database.SQLITE_FILE_NAME).toAbsolutePath());
        }

        Path file = home.resolve(Database.SQLITE_FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void anUnreachablePostgresqlIsReportedWithoutItsPassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/maestro?user=m&password=hunter2&connectTimeout=2", temp))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the PostgreSQL database"
                        + " jdbc:postgresql://127.0.0.1:1/maestro?user=m&password=***&connectTimeout=2: ")
                .hasMessageNotContaining("hunter2");
    }
}
