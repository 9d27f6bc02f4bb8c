package io.maestro.store.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, one per JVM: Debian's {@code initdb} and {@code pg_ctl}
 * (from the {@code postgresql} package) run on a fresh data folder in a temporary directory,
 * listening on a free loopback port, with durability off (a test database lives seconds). It is
 * stopped ({@code pg_ctl stop -m immediate}) and its folder deleted when the JVM exits.
 *
 * <p>PostgreSQL refuses to run as root; as root, the commands run as the {@code postgres} OS user
 * (created by the Debian package) through {@code runuser} or {@code setpriv}, and the folder is
 * given to that user.
 *
 * <p>When the binaries are missing, {@link #get()} throws, so tests fail (not skip) with what to
 * install. Set {@code MAESTRO_TEST_PG_BINDIR} to use binaries elsewhere ({@code MAESTRO_TEST_PG_ROOT}
 * replaces {@code /usr/lib/postgresql}, e.g. to see the message without uninstalling).
 */
public final class PostgresServer {

    private static final String OS_USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static PostgresServer instance;
    private static RuntimeException failure;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final boolean asPostgresUser;
    private int port;

    private PostgresServer(Path bin, Path root, boolean asPostgresUser) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.asPostgresUser = asPostgresUser;
    }

    /** The running server, started on first call. A failed start fails every later call the same way. */
    public static synchronized PostgresServer get() {
        if (failure != null) {
            throw failure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    /** Creates a new, empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase() {
        String name = "maestro_test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return url(name);
    }

    /** Drops a database made by {@link #createDatabase()}, so that little is left to delete at exit. */
    public void dropDatabase(String url) {
        execute("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), OS_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    public String user() {
        return OS_USER;
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        Path bin = findBinaries();
        boolean root = isRoot();
        if (root && !userExists()) {
            throw new IllegalStateException("the tests run as root, and PostgreSQL refuses root: they need the OS user '"
                    + OS_USER + "' that the Debian package 'postgresql' creates (apt-get install postgresql)");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("maestro-test-pg");
            if (root) {
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(directory, postgres);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL folder: " + e, e);
        }
        PostgresServer server = new PostgresServer(bin, directory, root);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-postgresql"));
        server.initdb();
        server.startOnFreePort();
        server.awaitConnections();
        return server;
    }

    private void initdb() {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
    }

    private void startOnFreePort() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                        "-w", "-t", "60", "-o",
                        "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                        "start"), "pg_ctl start");
                return;
            } catch (IllegalStateException e) {
                last = e; // most likely the port was taken meanwhile: try another
            }
        }
        throw last;
    }

    private void awaitConnections() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(url("postgres"), OS_USER, "")) {
                if (connection.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("PostgreSQL on port " + port + " accepts no connection"
                + (last == null ? "" : ": " + last.getMessage()) + serverLog(), last);
    }

    private void stop() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        "pg_ctl stop");
            }
        } catch (RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        } finally {
            removeFolder(root);
        }
    }

    /**
     * Deletes the folder with {@code rm -rf}: a separate process finishes the job even when the
     * test JVM is ended before its shutdown hooks are done.
     */
    static void removeFolder(Path folder) {
        try {
            Process rm = new ProcessBuilder("rm", "-rf", "--", folder.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            rm.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            deleteRecursively(folder);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
                full.addAll(List.of("runuser", "-u", OS_USER, "--"));
            } else {
                full.addAll(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--"));
            }
        }
        full.addAll(command);
        Path output = root.resolve(what.replace(' ', '-') + ".out");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): " + String.join(" ", full)
                        + "\n" + Files.readString(output) + serverLog());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private String serverLog() {
        try {
            Path log = root.resolve("server.log");
            return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The newest {@code /usr/lib/postgresql/VERSION/bin} with initdb and pg_ctl. */
    static Path findBinaries() {
        String configured = System.getenv("MAESTRO_TEST_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                return bin;
            }
            throw new IllegalStateException("MAESTRO_TEST_PG_BINDIR=" + configured + " has no initdb and pg_ctl");
        }
        String root = System.getenv("MAESTRO_TEST_PG_ROOT");
        Path versions = Path.of(root == null || root.isBlank() ? "/usr/lib/postgresql" : root);
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(versions)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(versions)) {
                for (Path version : stream) {
                    Path bin = version.resolve("bin");
                    if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                        candidates.add(bin);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + versions + ": " + e, e);
            }
        }
        return candidates.stream()
                .max(Comparator.comparingInt(PostgresServer::majorVersion))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries not found"
                        + " (no " + versions + "/<version>/bin/initdb): the store's integration tests need a real"
                        + " PostgreSQL. Install the Debian package 'postgresql' (apt-get install postgresql;"
                        + " scripts/test installs it when run as root)."));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean userExists() {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a folder tree, going on past files that vanish or resist (best effort at JVM exit). */
    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                    delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Best effort: a leftover temporary folder is harmless.
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // As above.
        }
    }
}
