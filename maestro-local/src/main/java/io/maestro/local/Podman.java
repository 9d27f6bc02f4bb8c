package io.maestro.local;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code podman} on a host with Maestro's own containers.conf ({@code CONTAINERS_CONF}), so
 * the machine's /etc/containers stays untouched. Every call is an argument vector.
 */
public final class Podman {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HostExecutor executor;
    private final Map<String, String> environment;

    Podman(HostExecutor executor, String containersConf) {
        this.executor = executor;
        this.environment = Map.of("CONTAINERS_CONF", containersConf);
    }

    /** Runs {@code podman ARGS}; a non-zero exit is returned, not thrown. */
    public ExecResult tryRun(List<String> args) {
        return executor.run(command(args));
    }

    /** Runs {@code podman ARGS} and requires exit 0 (else a {@code HostCommandException} with the output tail). */
    public ExecResult run(String... args) {
        return run(List.of(args));
    }

    public ExecResult run(List<String> args) {
        return executor.run(command(args)).requireSuccess();
    }

    /** Runs {@code podman ARGS} with {@code input} on standard input (kube play of a spec that holds secrets). */
    public ExecResult runWithInput(List<String> args, String input) {
        return executor.run(command(args).withStdin(input.getBytes(StandardCharsets.UTF_8))).requireSuccess();
    }

    /** Like {@link #runWithInput} but a non-zero exit is returned, not thrown. */
    public ExecResult tryRunWithInput(List<String> args, String input) {
        return executor.run(command(args).withStdin(input.getBytes(StandardCharsets.UTF_8)));
    }

    HostExecutor executor() {
        return executor;
    }

    Map<String, String> environment() {
        return environment;
    }

    private Command command(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("podman");
        argv.addAll(args);
        return Command.of(argv).withEnvironment(environment).withTimeout(TIMEOUT);
    }
}
