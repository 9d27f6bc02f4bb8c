package io.maestro.buildgrid.testing;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.LocalExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman with its own storage and a containers.conf that selects runc and sane ulimits (crun
 * fails on these machines, see ARCHITECTURE §3), never touching /etc or the system storage.
 */
public final class Podman {

    private final Path directory;
    private final Map<String, String> environment;
    private final LocalExecutor executor = new LocalExecutor();

    public Podman(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            Path conf = directory.resolve("containers.conf");
            Files.writeString(conf, """
                    [containers]
                    default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
                    [engine]
                    runtime = "runc"
                    """);
            environment = Map.of("CONTAINERS_CONF", conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ExecResult run(String... args) {
        List<String> argv = new ArrayList<>(List.of("podman", "--root", directory.resolve("root").toString(),
                "--runroot", directory.resolve("run").toString()));
        argv.addAll(List.of(args));
        return executor.run(Command.of(argv).withEnvironment(environment).withTimeout(Duration.ofMinutes(3)));
    }

    /** Removes every container and image of this podman storage. */
    public void removeEverything() {
        run("rm", "--all", "--force");
        run("rmi", "--all", "--force");
    }
}
