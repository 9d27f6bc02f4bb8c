package io.maestro.cli;

import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.store.auth.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real control plane started in-process (SQLite in a temporary MAESTRO_HOME, a free port) and
 * a CLI environment whose profiles live in a temporary {@code cli.json}: the CLI ITs run
 * {@code maestro} against it exactly as a user would.
 */
final class LiveServer implements AutoCloseable {

    private static final Pattern ADMIN_LINE = Pattern.compile("(?m)^admin token: (\\S+)$");

    final MaestroServer server;
    final String adminToken;
    final Path config;
    final Path workDir;
    final Map<String, String> env = new HashMap<>();

    private LiveServer(MaestroServer server, String adminToken, Path dir) {
        this.server = server;
        this.adminToken = adminToken;
        this.config = dir.resolve("home/.maestro/cli.json");
        this.workDir = dir;
        env.put("HOME", dir.resolve("home").toString());
        env.put("MAESTRO_CONFIG", config.toString());
    }

    static LiveServer start(Path dir) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        MaestroServer server = MaestroServer.start(new ServerConfig(0, dir.resolve("server"), null),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        Matcher m = ADMIN_LINE.matcher(printed.toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            server.close();
            throw new IllegalStateException("the server printed no admin token: " + printed);
        }
        return new LiveServer(server, m.group(1), dir);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Creates a user with {@code role} and returns a fresh token for them. */
    String tokenFor(String user, Role role) {
        server.store().users().create(user, role);
        return server.store().tokens().issue(user).value();
    }

    Cli.Run maestro(String... args) {
        return maestroWithInput("", args);
    }

    Cli.Run maestroWithInput(String stdin, String... args) {
        CliContext context = CliContext.in(workDir).withEnv(env)
                .withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return Cli.run(context, args);
    }

    /** Logs in as the admin into the default profile. */
    LiveServer loggedInAsAdmin() {
        Cli.Run login = maestro("login", "--server", url(), "--token", adminToken);
        if (login.exitCode() != 0) {
            throw new AssertionError("login failed: " + login);
        }
        return this;
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
