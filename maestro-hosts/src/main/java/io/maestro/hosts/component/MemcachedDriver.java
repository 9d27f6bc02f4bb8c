package io.maestro.hosts.component;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.model.service.DatabaseKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Memcached from Debian's {@code memcached} package, started in the background by
 * {@code start-stop-daemon} (which writes the pid file and sends its output to {@code log/memcached.log};
 * {@code memcached -d} would lose a bind error) and dropping to the {@code memcache} OS user.
 * Memcached has no users: bind it to an address only the application's hosts reach.
 */
public final class MemcachedDriver extends EngineDriver implements ComponentDriver {

    private static final String OS_USER = "memcache";
    private static final String BINARY = "/usr/bin/memcached";
    private static final int DEFAULT_MEMORY_MB = 64;

    public MemcachedDriver(HostExecutor host) {
        this(host, new Installation(List.of("memcached"), List.of(BINARY, "/sbin/start-stop-daemon")));
    }

    MemcachedDriver(HostExecutor host, Installation installation) {
        super(host, DatabaseKind.MEMCACHED, installation);
    }

    @Override
    String osUser() {
        return OS_USER;
    }

    @Override
    boolean initialized(InstanceLayout layout) {
        return exists(layout.data());
    }

    @Override
    void initialize(InstanceSpec spec, InstanceLayout layout) {
        // A cache keeps nothing on disk.
    }

    @Override
    boolean writeConfiguration(InstanceSpec spec, InstanceLayout layout) {
        // Memcached takes options, not a file; the file records them so a changed spec restarts it.
        return writeIfChanged(layout.conf() + "/memcached.args", String.join("\n", arguments(spec)) + "\n", 0644, "root");
    }

    @Override
    void startProcess(InstanceSpec spec, InstanceLayout layout) {
        List<String> argv = new ArrayList<>(List.of("start-stop-daemon", "--start", "--background", "--make-pidfile",
                "--pidfile", layout.pidFile(), "--output", logFile(layout), "--exec", BINARY, "--"));
        argv.addAll(arguments(spec));
        ExecResult result = host.run(Command.of(argv).withTimeout(Duration.ofSeconds(30)));
        if (!result.succeeded()) {
            throw startFailure(spec, layout, "start-stop-daemon exited " + result.exitCode() + ": "
                    + (result.stdout() + result.stderr()).strip());
        }
    }

    private static List<String> arguments(InstanceSpec spec) {
        return List.of("-p", Integer.toString(spec.port()), "-l", spec.bindAddress(), "-U", "0", "-u", OS_USER,
                "-m", Integer.toString(spec.memoryMb().orElse(DEFAULT_MEMORY_MB)), "-v");
    }

    @Override
    void stopProcess(InstanceSpec spec, InstanceLayout layout, long pid) {
        terminate(pid);
        awaitStopped(layout);
        host.run(Command.of("rm", "-f", layout.pidFile()));
    }

    @Override
    String processName() {
        return "memcached";
    }

    @Override
    Health engineHealth(InstanceSpec spec, InstanceLayout layout) {
        return listening().listensOn(spec.bindAddress(), spec.port())
                ? Health.healthy("listening on " + spec.bindAddress() + ":" + spec.port())
                : Health.unhealthy("not listening on " + spec.bindAddress() + ":" + spec.port());
    }

    @Override
    String logFile(InstanceLayout layout) {
        return layout.log() + "/memcached.log";
    }

    @Override
    Connection connection(InstanceSpec spec, InstanceLayout layout) {
        return Connection.open(spec.bindAddress(), spec.port());
    }
}
