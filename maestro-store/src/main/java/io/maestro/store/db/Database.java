package io.maestro.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The control plane's database: SQLite (a file under {@code MAESTRO_HOME}, the default) or
 * PostgreSQL, with the schema migrated on open.
 *
 * <pre>{@code
 * Database db = Database.open(null, MaestroHome.resolve(System.getenv()));   // SQLite
 * Database db = Database.open("jdbc:postgresql://db:5432/maestro?user=maestro&password=...", home);
 * List<String> names = db.withHandle(h -> h.createQuery("SELECT name FROM applications")
 *         .mapTo(String.class).list());
 * }</pre>
 *
 * <p>Every failure leaves as a {@link StoreException} whose message shows the SQL and its
 * arguments; a unique-key violation as a {@link ConflictException}. Calls nest: a
 * {@link #withHandle} or {@link #inTransaction} inside another one on the same thread reuses its
 * connection and joins its transaction, so DAO calls compose into one transaction.
 *
 * <p>SQLite runs in WAL mode with foreign keys enforced, a busy timeout (writers queue instead of
 * failing) and {@code BEGIN IMMEDIATE} transactions, so that a transaction that reads and then
 * writes never fails with {@code SQLITE_BUSY} halfway through.
 */
public final class Database implements AutoCloseable {

    /** How long a SQLite writer waits for another one before giving up. */
    public static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    /** The most connections one {@code Database} holds open; {@link #close()} closes them. */
    public static final int POOL_SIZE = 10;

    /** The SQLite file inside {@code MAESTRO_HOME}. */
    public static final String SQLITE_FILE_NAME = "maestro.db";

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Dialect dialect;
    private final String description;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    /** SQLite only: the turn of this process's transactions (see {@link #inTransaction}); null on PostgreSQL. */
    private final ReentrantLock writeTurn;

    /** How long a transaction waits for its turn on SQLite before giving up. */
    private static final Duration WRITE_TURN_TIMEOUT = Duration.ofMinutes(2);

    private Database(Dialect dialect, String description, HikariDataSource pool) {
        this.writeTurn = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
        this.dialect = dialect;
        this.description = description;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        Codecs.register(jdbi, dialect);
    }

    /**
     * Opens the database named by {@code url} and migrates it: {@code null} or blank means the
     * default SQLite file {@code maestro.db} in {@code maestroHome}; otherwise a
     * {@code jdbc:postgresql:} or {@code jdbc:sqlite:} URL.
     */
    public static Database open(String url, Path maestroHome) {
        if (url == null || url.isBlank()) {
            return sqlite(maestroHome.resolve(SQLITE_FILE_NAME));
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return postgresql(url, null, null);
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
                throw new StoreException("database URL: expected jdbc:sqlite:PATH to a file, got '" + url + "'");
            }
            return sqlite(Path.of(file));
        }
        throw new StoreException("database URL: expected a jdbc:postgresql: or jdbc:sqlite: URL, got '"
                + redactPassword(url) + "'");
    }

    /**
     * Opens (creating it if needed) the SQLite database in {@code file} and migrates it. A new
     * file and its folder are made readable by their owner only: they hold token hashes and
     * encrypted secrets. SQLite gives its WAL files the same mode.
     */
    public static Database sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        createPrivateFile(absolute);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + absolute);
        return openPooled(Dialect.SQLITE, "SQLite database " + absolute, dataSource);
    }

    /**
     * Opens the PostgreSQL database at {@code jdbcUrl} and migrates it. {@code user} and
     * {@code password} may be {@code null} when the URL carries them (or none are needed).
     */
    public static Database postgresql(String jdbcUrl, String user, String password) {
        String shown = redactPassword(jdbcUrl);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new StoreException("database URL: expected jdbc:postgresql://HOST[:PORT]/DATABASE, got '" + shown + "'", e);
        }
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        dataSource.setApplicationName("maestro");
        // The server's error detail quotes row values ("Failing row contains ..."), which would
        // defeat the redaction of arguments; the SQL and arguments in our messages say enough.
        dataSource.setLogServerErrorDetail(false);
        return openPooled(Dialect.POSTGRESQL, "PostgreSQL database " + shown, dataSource);
    }

    /**
     * Pools the connections of {@code dataSource}, then opens and migrates the database. Pooling
     * matters on both: a PostgreSQL connection costs a process and a handshake, and when the last
     * connection to a SQLite file closes, SQLite checkpoints and removes the WAL (an fsync), which
     * per call would cost milliseconds on every write.
     */
    private static Database openPooled(Dialect dialect, String description, DataSource dataSource) {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource);
        pool.setPoolName("maestro-store");
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        HikariDataSource pooled;
        try {
            pooled = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the " + description + ": " + reason(e), e);
        }
        try {
            Database database = new Database(dialect, description, pooled);
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            pooled.close();
            throw e;
        }
    }

    private void migrate() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:" + dialect.migrationFolder())
                    .failOnMissingLocations(true)
                    // A misnamed migration would be skipped silently on one database only.
                    .validateMigrationNaming(true)
                    // Features number their migrations independently (V2 clusters, V3 deployments, ...)
                    // and may be released in another order: a database already at V3 still gets V2.
                    .outOfOrder(true)
                    // Through SLF4J like Jdbi, so that the application's logging configuration applies.
                    .loggers("slf4j")
                    // SQLite answers ALTER TABLE ... ADD COLUMN with an internal check's result set,
                    // which Flyway would print as a table on standard output at every first start.
                    .outputQueryResults(false)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the " + description + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** What this database is, for messages: the dialect and the file or URL, never a password. */
    public String description() {
        return description;
    }

    /** The schema version Flyway last applied, e.g. {@code "1"}. */
    public String schemaVersion() {
        return withHandle(h -> h.createQuery(
                        "SELECT version FROM flyway_schema_history WHERE success = :ok AND version IS NOT NULL"
                                + " ORDER BY installed_rank DESC LIMIT 1")
                .bind("ok", true)
                .mapTo(String.class)
                .one());
    }

    /** Runs {@code callback} with a connection (autocommit unless an enclosing transaction is open). */
    public <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code callback} in a transaction, committed when it returns, rolled back when it throws.
     *
     * <p>On SQLite, transactions of this process take turns on a fair lock first. SQLite has one
     * writer at a time, and its busy handler lets waiters poll with growing sleeps, so under many
     * concurrent writers a waiter can lose the race again and again until its busy timeout ends in
     * {@code SQLITE_BUSY}. Queued in Java, a transaction finds the file free but for single
     * autocommit statements, which are short.
     *
     * <p>Also on SQLite, the transaction is opened and closed with explicit {@code BEGIN IMMEDIATE}
     * and {@code COMMIT} on a connection left in autocommit mode, not through JDBC's
     * {@code setAutoCommit(false)} / {@code commit()}: sqlite-jdbc's {@code commit()} runs
     * {@code COMMIT} and at once {@code BEGIN IMMEDIATE} again, closed only by the switch back to
     * autocommit. That second lock waited for other writers while this process's turn was held,
     * could time out after the data was committed (a create that succeeded answered 500,
     * {@code ConcurrentCreateIT}), and stalled every writer behind it under load
     * ({@code bench/api-latency}). A nested call joins the outer transaction.
     */
    public <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        if (writeTurn == null) {
            try {
                return jdbi.inTransaction(callback);
            } catch (JdbiException e) {
                throw translate(e);
            }
        }
        if (writeTurn.isHeldByCurrentThread()) {
            return withHandle(callback);   // nested: the outer transaction's connection, its BEGIN and COMMIT
        }
        boolean locked;
        try {
            locked = writeTurn.tryLock(WRITE_TURN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the " + description + " to be free for writing", e);
        }
        if (!locked) {
            throw new StoreException("the " + description + " stayed busy with other writes for "
                    + WRITE_TURN_TIMEOUT.toSeconds() + " s; try again");
        }
        try {
            return jdbi.withHandle(handle -> explicitTransaction(handle, callback));
        } catch (JdbiException e) {
            throw translate(e);
        } finally {
            writeTurn.unlock();
        }
    }

    private static <R> R explicitTransaction(Handle handle, HandleCallback<R, RuntimeException> callback) {
        handle.execute("BEGIN IMMEDIATE");
        R result;
        try {
            result = callback.withHandle(handle);
        } catch (RuntimeException | Error e) {
            rollback(handle, e);
            throw e;
        }
        try {
            handle.execute("COMMIT");
        } catch (RuntimeException e) {
            rollback(handle, e);
            throw e;
        }
        return result;
    }

    /** Rolls back after {@code cause}; a failing rollback is attached to it, never hides it. */
    private static void rollback(Handle handle, Throwable cause) {
        try {
            handle.execute("ROLLBACK");
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@link #inTransaction(HandleCallback)} without a result. */
    public void useTransaction(HandleConsumer<RuntimeException> consumer) {
        inTransaction(handle -> {
            consumer.useHandle(handle);
            return null;
        });
    }

    /** Closes the pooled connections; the database is not usable afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return description;
    }

    private StoreException translate(JdbiException e) {
        if (e instanceof StatementException statementException && statementException.getStatementContext() != null) {
            StatementContext context = statementException.getStatementContext();
            String sql = context.getRenderedSql() != null ? context.getRenderedSql() : context.getRawSql();
            String message = reason(e) + "\n  SQL: " + (sql == null ? "?" : WHITESPACE.matcher(sql.strip()).replaceAll(" "))
                    + "\n  arguments: " + context.getBinding();
            return isUniqueViolation(e) ? new ConflictException(message, e) : new StoreException(message, e);
        }
        if (e instanceof ConnectionException) {
            return new StoreException("cannot connect to the " + description + ": " + reason(e), e);
        }
        return new StoreException(description + ": " + reason(e), e);
    }

    /** The message of the innermost SQLException, the one that says what the database refused. */
    private static String reason(Throwable e) {
        String reason = e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                reason = cause.getMessage();
            }
        }
        return reason == null ? e.getClass().getSimpleName() : reason.strip();
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static String redactPassword(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }

    private static void createPrivateFile(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first: theirs is as good as ours.
        } catch (UnsupportedOperationException | IOException e) {
            throw new StoreException("cannot create the SQLite database file " + file + ": " + e, e);
        }
    }
}
