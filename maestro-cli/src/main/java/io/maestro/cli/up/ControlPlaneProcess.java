package io.maestro.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.MaestroException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The control plane that {@code maestro up} runs in the background: a {@code maestro server}
 * process on its embedded defaults (SQLite under MAESTRO_HOME), started once and found again by
 * later runs through a small state file.
 *
 * <p>The state file {@code MAESTRO_HOME/up/control-plane.json} (mode 0600) holds the process id,
 * the port and the admin token captured on first start: the server hands the token to a 0600
 * file instead of printing it, so it never lands in the server's log.
 */
public final class ControlPlaneProcess {

    /**
     * The port {@code up} prefers for the control plane and dashboard; a free one is chosen when it is
     * taken. Not 8080: that one is left to the applications (examples/hello publishes its web service there).
     */
    public static final int PREFERRED_PORT = 7070;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** A running control plane. */
    public record Running(long pid, int port, String adminToken, boolean startedNow) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path home;
    private final String classPath;
    private final Path folder;
    private final Path stateFile;
    private final Path logFile;

    /** The control plane of {@code home}, started from this JVM's own class path. */
    public ControlPlaneProcess(Path home) {
        this(home, System.getProperty("java.class.path"));
    }

    /** The control plane of {@code home}, started from {@code classPath} (the maestro jar). */
    public ControlPlaneProcess(Path home, String classPath) {
        this.home = home;
        this.classPath = classPath;
        this.folder = home.resolve("up");
        this.stateFile = folder.resolve("control-plane.json");
        this.logFile = folder.resolve("control-plane.log");
    }

    /** Where the background server writes its output. */
    public Path logFile() {
        return logFile;
    }

    /**
     * The control plane this home's earlier {@code up} started, when it still answers; otherwise
     * a new one started now.
     *
     * @param progress receives one line per thing done, for the user
     */
    public Running ensureRunning(Consumer<String> progress) {
        Optional<Running> existing = running();
        if (existing.isPresent()) {
            progress.accept("control plane already running (pid " + existing.get().pid() + ", port "
                    + existing.get().port() + ")");
            return existing.get();
        }
        return start(progress);
    }

    /** The recorded control plane, when its process is alive and answers HTTP. */
    public Optional<Running> running() {
        Optional<JsonNode> state = readState();
        if (state.isEmpty()) {
            return Optional.empty();
        }
        long pid = state.get().path("pid").asLong();
        int port = state.get().path("port").asInt();
        String token = state.get().path("adminToken").asText();
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || !answers(port)) {
            return Optional.empty();
        }
        return Optional.of(new Running(pid, port, token, false));
    }

    /** The admin token recorded by an earlier {@code up}, also when the server is stopped. */
    public Optional<String> recordedToken() {
        return readState().map(state -> state.path("adminToken").asText()).filter(token -> !token.isEmpty());
    }

    /** Stops the recorded control plane; true when one was running. The state file keeps the token. */
    public boolean stop(Duration grace) {
        Optional<JsonNode> state = readState();
        if (state.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(state.get().path("pid").asLong()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy(); // SIGTERM: the server's shutdown hook closes the database cleanly
        try {
            process.get().onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
        return true;
    }

    private Running start(Consumer<String> progress) {
        Optional<String> knownToken = recordedToken();
        boolean databaseExists = Files.exists(home.resolve("maestro.db"));
        if (databaseExists && knownToken.isEmpty()) {
            throw new MaestroException("MAESTRO_HOME " + home + " already holds a control plane that 'maestro up' did"
                    + " not create, so up has no token for it (hint: use another MAESTRO_HOME, or start that one with"
                    + " 'maestro server' and log in)");
        }
        int port = choosePort(readState().map(s -> s.path("port").asInt()).orElse(PREFERRED_PORT));
        Path tokenFile = folder.resolve("admin-token");
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        // setsid: the server leaves up's process group, so a Ctrl-C in up's terminal does not stop it.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(classPath);
        command.add("io.maestro.cli.MaestroCli");
        command.add("server");
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--admin-token-file");
        command.add(tokenFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("MAESTRO_HOME", home.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MaestroException("cannot start the control plane: " + e.getMessage(), e);
        }
        progress.accept("starting the control plane on port " + port + " (log: " + logFile + ")");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(port)) {
            if (!process.isAlive()) {
                throw new MaestroException("the control plane exited with status " + process.exitValue()
                        + " while starting; the end of " + logFile + ":\n" + tail(logFile, 20));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new MaestroException("the control plane did not answer on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s; the end of " + logFile + ":\n" + tail(logFile, 20));
            }
            sleep(Duration.ofMillis(200));
        }
        String token = readToken(tokenFile).or(() -> knownToken).orElseThrow(() -> new MaestroException(
                "the control plane started but printed no admin token, and up recorded none"));
        writeState(process.pid(), port, token);
        return new Running(process.pid(), port, token, true);
    }

    private static Optional<String> readToken(Path tokenFile) {
        try {
            if (!Files.exists(tokenFile)) {
                return Optional.empty();
            }
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            Files.delete(tokenFile);
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> readState() {
        try {
            if (!Files.exists(stateFile)) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(stateFile.toFile()));
        } catch (IOException e) {
            return Optional.empty(); // an unreadable state file is a control plane up cannot find: start anew
        }
    }

    private void writeState(long pid, int port, String token) {
        ObjectNode state = JSON.createObjectNode();
        state.put("pid", pid);
        state.put("port", port);
        state.put("adminToken", token);
        try {
            Path temp = Files.createTempFile(folder, ".control-plane", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(int port) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/openapi.json"))
                            .timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            // 401 without a token is the control plane's answer; anything else is another program on the port.
            return response.statusCode() == 401 && response.headers().firstValue("WWW-Authenticate").isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int choosePort(int preferred) {
        if (free(preferred)) {
            return preferred;
        }
        return io.maestro.hosts.net.FreePorts.loopback();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaestroException("interrupted while waiting for the control plane");
        }
    }
}
