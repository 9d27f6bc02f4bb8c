package io.maestro.cli;

import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.store.MaestroHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maestro server [--port N] [--database-url URL] [--max-deployments N]}: runs the control plane in the
 * foreground until SIGTERM / Ctrl-C. State lives in {@code MAESTRO_HOME} (default
 * {@code ~/.maestro}). On first start it prints the admin token once. See docs/control-plane.md.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Run the control plane (REST API) in the foreground. State in MAESTRO_HOME (default ~/.maestro).")
public final class ServerCommand implements Callable<Integer> {

    private static final String ADMIN_TOKEN_PREFIX = "admin token: ";

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "jdbc:postgresql:... or jdbc:sqlite:... (default: SQLite file maestro.db in MAESTRO_HOME).")
    private String databaseUrl;

    @Option(names = "--max-deployments", paramLabel = "N",
            description = "Deployments of different applications/environments run at once (default: four per core,"
                    + " at least 8); the rest wait queued.")
    private Integer maxDeployments;

    @Option(names = "--admin-token-file", paramLabel = "FILE", hidden = true,
            description = "On first start, write the admin token to FILE (mode 0600) instead of printing it"
                    + " (used by 'maestro up', so the token never reaches a log).")
    private Path adminTokenFile;

    /** The configuration these options and {@code env} (for MAESTRO_HOME) describe. */
    ServerConfig config(Map<String, String> env) {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port: expected a port number between 0 and 65535, got " + port);
        }
        return new ServerConfig(port, MaestroHome.resolve(env), databaseUrl);
    }

    /** The deploy engine's configuration: the defaults, with {@code --max-deployments} when given. */
    DeployConfig deployConfig() {
        DeployConfig defaults = DeployConfig.defaults();
        if (maxDeployments == null) {
            return defaults;
        }
        if (maxDeployments < 1) {
            throw new UsageException("--max-deployments: expected at least 1, got " + maxDeployments);
        }
        return defaults.withMaxConcurrentDeployments(maxDeployments);
    }

    /** Starts the server; the first-start admin token line goes to {@code out}. */
    MaestroServer start(Map<String, String> env, PrintStream out) {
        MaestroServer server = MaestroServer.start(config(env), out, null, deployConfig());
        out.println("maestro control plane listening on port " + server.port());
        out.flush();
        return server;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        MaestroServer server;
        if (adminTokenFile == null) {
            server = start(System.getenv(), System.out);
        } else {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            server = start(System.getenv(), new PrintStream(captured, true, StandardCharsets.UTF_8));
            divertAdminToken(captured.toString(StandardCharsets.UTF_8), adminTokenFile, System.out);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "maestro-shutdown"));
        stopped.await();
        return 0;
    }

    /** Writes the first-start {@code admin token: T} line's token to {@code file} (0600); other lines go to {@code out}. */
    static void divertAdminToken(String startOutput, Path file, PrintStream out) throws IOException {
        for (String line : startOutput.split("\n")) {
            if (line.startsWith(ADMIN_TOKEN_PREFIX)) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, line.substring(ADMIN_TOKEN_PREFIX.length()).strip() + "\n", StandardCharsets.UTF_8);
                out.println("admin token written to " + file);
            } else if (!line.isEmpty()) {
                out.println(line);
            }
        }
        out.flush();
    }
}
