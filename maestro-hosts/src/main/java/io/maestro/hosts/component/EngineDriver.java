package io.maestro.hosts.component;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.model.service.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the four drivers share: the provisioning algorithm (check, create, configure, start, wait,
 * credentials; undo on failure), pid-file process control, and small host
 * helpers. Subclasses fill in the engine's own steps.
 */
abstract class EngineDriver {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int FAILURE_LOG_LINES = 20;

    protected final HostExecutor host;
    private final DatabaseKind kind;
    private final Installation installation;

    EngineDriver(HostExecutor host, DatabaseKind kind, Installation installation) {
        this.host = host;
        this.kind = kind;
        this.installation = installation;
    }

    public DatabaseKind kind() {
        return kind;
    }

    // ---- what each engine provides ---------------------------------------------------------------

    /** Where the host itself reaches the instance: a wildcard bind is probed on loopback. */
    static String probeAddress(InstanceSpec spec) {
        return switch (spec.bindAddress()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "::1";
            default -> spec.bindAddress();
        };
    }

    /** The OS user the daemon runs as and owns the data. */
    abstract String osUser();

    /** Whether {@code data/} already holds an initialized engine. */
    abstract boolean initialized(InstanceLayout layout);

    /** Creates the engine's data in {@code data/} (initdb, mariadb-install-db; nothing for caches). */
    abstract void initialize(InstanceSpec spec, InstanceLayout layout);

    /** Writes the generated configuration; true when a file changed. */
    abstract boolean writeConfiguration(InstanceSpec spec, InstanceLayout layout);

    /** Starts the daemon in the background (it writes or gets a pid file). */
    abstract void startProcess(InstanceSpec spec, InstanceLayout layout);

    /** The file holding the main process id. */
    String pidFile(InstanceLayout layout) {
        return layout.pidFile();
    }

    /** A word of the daemon's {@code /proc/PID/cmdline} that tells it from a recycled pid. */
    abstract String processName();

    /** The engine's own health question, asked of a running instance. */
    abstract Health engineHealth(InstanceSpec spec, InstanceLayout layout);

    /** The instance's main log file. */
    abstract String logFile(InstanceLayout layout);

    /** The connection once running: creates the application's credentials when the store has them. */
    abstract Connection connection(InstanceSpec spec, InstanceLayout layout);

    /** Stops the daemon gracefully; by default SIGTERM and a wait. */
    void stopProcess(InstanceSpec spec, InstanceLayout layout, long pid) {
        terminate(pid);
    }

    // ---- ComponentDriver -------------------------------------------------------------------------

    public void ensureInstalled() {
        if (installed()) {
            return;
        }
        if (!host.run(Command.of("sh", "-c", "command -v apt-get")).succeeded()) {
            throw new ComponentInstallException("cannot install " + kind.key() + " on " + host.host()
                    + ": it is missing (" + String.join(", ", installation.requiredPaths()) + ") and the host has no"
                    + " apt-get; install the packages " + installation.packages() + " or their equivalent yourself");
        }
        new PackageInstaller(host, kind, installation.packages()).install();
        if (!installed()) {
            throw new ComponentInstallException("installed " + installation.packages() + " on " + host.host()
                    + " but " + kind.key() + " is still missing: expected " + installation.requiredPaths());
        }
    }

    public Connection provision(InstanceSpec spec) {
        checkSpec(spec);
        InstanceLayout layout = InstanceLayout.of(kind, spec);
        InstanceStatus before = status(spec);
        boolean created = before.state() == InstanceState.ABSENT;
        boolean wasRunning = before.running();
        try {
            if (!wasRunning) {
                requirePortFree(spec);
            }
            if (created || !initialized(layout)) {
                prepareFolders(layout);
                initialize(spec, layout);
            }
            boolean changed = writeConfiguration(spec, layout);
            if (wasRunning && changed) {
                stopProcess(spec, layout, before.pid().getAsLong());
                awaitStopped(layout);
                launch(spec, layout);
            } else if (!wasRunning) {
                launch(spec, layout);
            }
            return connection(spec, layout);
        } catch (RuntimeException e) {
            if (!wasRunning) {
                stopQuietly(spec, layout);
            }
            if (created) {
                host.run(Command.of("rm", "-rf", "--", layout.root()));
            }
            throw e;
        }
    }

    public Connection createDatabase(InstanceSpec spec, String database, String username) {
        throw new ComponentException(kind.key() + " has no databases or users to create");
    }

    public void start(InstanceSpec spec) {
        InstanceLayout layout = InstanceLayout.of(kind, spec);
        InstanceStatus status = status(spec);
        switch (status.state()) {
            case RUNNING -> { }
            case ABSENT -> throw new ComponentException(describe(spec) + " is not provisioned (no " + layout.root() + ")");
            case STOPPED -> {
                requirePortFree(spec);
                launch(spec, layout);
            }
        }
    }

    public void stop(InstanceSpec spec) {
        InstanceLayout layout = InstanceLayout.of(kind, spec);
        OptionalLong pid = runningPid(layout);
        if (pid.isPresent()) {
            stopProcess(spec, layout, pid.getAsLong());
            awaitStopped(layout);
        }
    }

    public InstanceStatus status(InstanceSpec spec) {
        InstanceLayout layout = InstanceLayout.of(kind, spec);
        if (!exists(layout.root())) {
            return InstanceStatus.absent();
        }
        OptionalLong pid = runningPid(layout);
        return pid.isPresent() ? InstanceStatus.running(pid.getAsLong()) : InstanceStatus.stopped();
    }

    public Health health(InstanceSpec spec) {
        InstanceStatus status = status(spec);
        if (!status.running()) {
            return Health.unhealthy(describe(spec) + " is " + status.state().name().toLowerCase());
        }
        return engineHealth(spec, InstanceLayout.of(kind, spec));
    }

    public List<String> logTail(InstanceSpec spec, int lines) {
        return tail(logFile(InstanceLayout.of(kind, spec)), lines);
    }

    public void deprovision(InstanceSpec spec, boolean keepData) {
        InstanceLayout layout = InstanceLayout.of(kind, spec);
        stop(spec);
        if (!keepData) {
            host.run(Command.of("rm", "-rf", "--", layout.root())).requireSuccess();
        }
    }

    // ---- shared steps ----------------------------------------------------------------------------

    /** Engine-specific checks of a spec, before anything changes. */
    void checkSpec(InstanceSpec spec) {
        // Most engines need nothing beyond InstanceSpec's own checks.
    }

    String describe(InstanceSpec spec) {
        return kind.key() + " instance '" + spec.name() + "' on " + host.host();
    }

    boolean installed() {
        return installation.requiredPaths().stream().allMatch(this::exists);
    }

    /** Creates the instance folders, owned by the engine's user where the daemon writes. */
    void prepareFolders(InstanceLayout layout) {
        String user = osUser();
        // Three commands, not five: each one is a round trip over SSH.
        mkdir("root", "0755", layout.root(), layout.conf());
        mkdir(user, "0700", layout.data());
        mkdir(user, "0750", layout.run(), layout.log());
        if (!host.run(asUser(user, List.of("test", "-w", layout.data()))).succeeded()) {
            throw new ComponentException("the OS user '" + user + "' cannot write " + layout.data() + " on " + host.host()
                    + ": a parent folder is not searchable by others; give " + layout.root()
                    + "'s parents mode 0755 or choose another base folder");
        }
    }

    private void mkdir(String owner, String mode, String... paths) {
        List<String> argv = new ArrayList<>(List.of("install", "-d", "-m", mode, "-o", owner, "-g", group(owner)));
        argv.addAll(List.of(paths));
        host.run(Command.of(argv)).requireSuccess();
    }

    /** The primary group of an engine user, which Debian names like the user (memcache, redis, ...). */
    String group(String user) {
        return user;
    }

    /** Starts the daemon and waits until it answers; on failure the log tail says why. */
    void launch(InstanceSpec spec, InstanceLayout layout) {
        startProcess(spec, layout);
        awaitHealthy(spec, layout);
    }

    private void awaitHealthy(InstanceSpec spec, InstanceLayout layout) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // A daemon that forks writes its pid file a moment after the start command returns; only
        // after this grace period does a missing process mean it died.
        long graceEnds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Health last = Health.unhealthy("not checked yet");
        while (System.nanoTime() < deadline) {
            boolean alive = runningPid(layout).isPresent();
            if (alive) {
                last = engineHealth(spec, layout);
                if (last.healthy()) {
                    return;
                }
            } else if (System.nanoTime() > graceEnds) {
                throw startFailure(spec, layout, "the process exited");
            }
            sleep(100);
        }
        throw startFailure(spec, layout, "it did not answer within " + READY_TIMEOUT.toSeconds() + " s (" + last.detail() + ")");
    }

    ComponentException startFailure(InstanceSpec spec, InstanceLayout layout, String why) {
        List<String> lines = new ArrayList<>(tail(logFile(layout), FAILURE_LOG_LINES));
        String startupLog = startupLogFile(layout);
        if (startupLog != null) {
            lines.addAll(tail(startupLog, FAILURE_LOG_LINES));
        }
        String log = lines.isEmpty() ? "\n  (the log is empty)" : "\n  " + String.join("\n  ", lines);
        if (lines.stream().anyMatch(l -> l.contains("Address already in use"))) {
            return new PortInUseException(describe(spec) + " could not listen on " + spec.bindAddress() + ":"
                    + spec.port() + ": the port is already in use; " + layout.log() + " ends with:" + log,
                    spec.bindAddress(), spec.port());
        }
        return new ComponentStartException(describe(spec) + " did not start: " + why + "; "
                + logFile(layout) + " ends with:" + log);
    }

    /** A second log the engine writes before its own log is open (start-stop-daemon's output), or null. */
    String startupLogFile(InstanceLayout layout) {
        return null;
    }

    void requirePortFree(InstanceSpec spec) {
        if (listening().conflictsWith(spec.bindAddress(), spec.port())) {
            throw new PortInUseException("cannot provision " + describe(spec) + ": port " + spec.port()
                    + " is already in use on " + spec.bindAddress() + " (or a wildcard address) by another process;"
                    + " choose another port or stop that process", spec.bindAddress(), spec.port());
        }
    }

    ListeningSockets listening() {
        return ListeningSockets.parse(readText("/proc/net/tcp").orElse(""), readText("/proc/net/tcp6").orElse(""));
    }

    /** The pid in the pid file when that process runs and is this engine's daemon. */
    OptionalLong runningPid(InstanceLayout layout) {
        Optional<String> content = readText(pidFile(layout));
        if (content.isEmpty() || content.get().isBlank()) {
            return OptionalLong.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(content.get().strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        Optional<String> cmdline = readText("/proc/" + pid + "/cmdline");
        return cmdline.isPresent() && cmdline.get().contains(processName()) ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    void terminate(long pid) {
        host.run(Command.of("kill", "-TERM", Long.toString(pid)));
    }

    void awaitStopped(InstanceLayout layout) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong pid = runningPid(layout);
            if (pid.isEmpty()) {
                return;
            }
            sleep(50);
        }
        runningPid(layout).ifPresent(pid -> host.run(Command.of("kill", "-KILL", Long.toString(pid))));
    }

    private void stopQuietly(InstanceSpec spec, InstanceLayout layout) {
        try {
            OptionalLong pid = runningPid(layout);
            if (pid.isPresent()) {
                stopProcess(spec, layout, pid.getAsLong());
                awaitStopped(layout);
            }
        } catch (RuntimeException e) {
            // Undoing a failed provision: the original failure is what the caller must see.
        }
    }

    // ---- credentials kept on the host --------------------------------------------------------------

    Map<String, Secret> credentials(InstanceLayout layout) {
        return CredentialsFile.of(host, layout).read();
    }

    Secret passwordFor(InstanceLayout layout, String user) {
        return CredentialsFile.of(host, layout).passwordFor(user);
    }

    void saveCredential(InstanceLayout layout, String user, Secret password) {
        CredentialsFile.of(host, layout).save(user, password);
    }

    // ---- host helpers ------------------------------------------------------------------------------

    boolean exists(String path) {
        return host.run(Command.of("test", "-e", path)).succeeded();
    }

    Optional<String> readText(String path) {
        return host.readFile(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Writes a file only when its content differs; true when it did. */
    boolean writeIfChanged(String path, String content, int mode, String owner) {
        Optional<String> current = readText(path);
        if (current.isPresent() && current.get().equals(content)) {
            return false;
        }
        host.writeFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
        if (!"root".equals(owner)) {
            host.run(Command.of("chown", owner + ":" + group(owner), path)).requireSuccess();
        }
        return true;
    }

    List<String> tail(String path, int lines) {
        if (lines <= 0) {
            return List.of();
        }
        ExecResult result = host.run(Command.of("tail", "-n", Integer.toString(lines), "--", path));
        if (!result.succeeded() || result.stdout().isEmpty()) {
            return List.of();
        }
        return Arrays.asList(result.stdout().split("\n"));
    }

    /** {@code runuser -u USER -- argv}: the daemons refuse to run as root, or should not. */
    static Command asUser(String user, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        full.addAll(argv);
        return Command.of(full);
    }

    /** The password for SQL or a config file: only ever a generated alphanumeric one. */
    static String sqlSafe(Secret password) {
        if (!password.isPlainAlphanumeric()) {
            throw new ComponentException("refusing a password that is not plain letters and digits");
        }
        return password.reveal();
    }

    static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - count), lines.length));
    }

    static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentException("interrupted while waiting for a component", e);
        }
    }
}
