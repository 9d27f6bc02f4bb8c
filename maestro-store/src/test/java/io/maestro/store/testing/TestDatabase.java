package io.maestro.store.testing;

import io.maestro.store.Store;
import io.maestro.store.db.Database;
import io.maestro.store.db.Dialect;
import io.maestro.store.secret.MasterKey;
import io.maestro.store.secret.SecretBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One of the two databases a DAO test runs on, created on first use and shared by the test
 * class's methods (tests use their own application and user names, so they do not meet).
 * Its {@code toString} is the dialect's name, which names the parameterized invocations.
 */
public final class TestDatabase {

    private static final AtomicInteger FILES = new AtomicInteger();
    private static Path sqliteRoot;

    private final Dialect dialect;
    private final List<Database> opened = new ArrayList<>();
    private final List<String> postgresqlUrls = new ArrayList<>();
    private Database database;

    TestDatabase(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** This class's database of this dialect, migrated. */
    public synchronized Database database() {
        if (database == null) {
            database = fresh();
        }
        return database;
    }

    /** A new, empty, migrated database of this dialect, for a test that needs empty tables. */
    public synchronized Database fresh() {
        Database fresh = switch (dialect) {
            case SQLITE -> Database.sqlite(sqliteRoot().resolve("store-" + FILES.incrementAndGet() + ".db"));
            case POSTGRESQL -> {
                PostgresServer server = PostgresServer.get();
                String url = server.createDatabase();
                postgresqlUrls.add(url);
                yield Database.postgresql(url, server.user(), null);
            }
        };
        opened.add(fresh);
        return fresh;
    }

    /**
     * Closes every database this object opened, and drops the PostgreSQL ones; called when the
     * test class ends. (Not {@code AutoCloseable}: JUnit would close such arguments after every
     * invocation, and each test would pay for new databases.)
     */
    synchronized void close() {
        opened.forEach(Database::close);
        opened.clear();
        postgresqlUrls.forEach(url -> PostgresServer.get().dropDatabase(url));
        postgresqlUrls.clear();
        database = null;
    }

    /** The store over this class's database, reading time from {@code clock}, with a random master key. */
    public Store store(Clock clock) {
        return Store.of(database(), clock, new SecretBox(MasterKey.generate()));
    }

    /** A store over a {@link #fresh()} database, for a test that needs empty tables. */
    public Store freshStore(Clock clock) {
        return Store.of(fresh(), clock, new SecretBox(MasterKey.generate()));
    }

    private static synchronized Path sqliteRoot() {
        if (sqliteRoot == null) {
            try {
                sqliteRoot = Files.createTempDirectory("maestro-test-sqlite");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Path root = sqliteRoot;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> PostgresServer.removeFolder(root)));
        }
        return sqliteRoot;
    }

    @Override
    public String toString() {
        return dialect.toString();
    }
}
