package io.maestro.hosts.component;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.model.service.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Installs Debian packages on a host with apt-get, without letting them start their default daemons. */
final class PackageInstaller {

    private static final String POLICY = "/usr/sbin/policy-rc.d";
    private static final int OUTPUT_LINES = 20;

    private final HostExecutor host;
    private final DatabaseKind kind;
    private final List<String> packages;

    PackageInstaller(HostExecutor host, DatabaseKind kind, List<String> packages) {
        this.host = host;
        this.kind = kind;
        this.packages = List.copyOf(packages);
    }

    /** @throws ComponentInstallException with apt's exit code and the tail of its output */
    void install() {
        // Debian starts a package's default daemon on install; on a server that would take the
        // engine's default port from our instances. A policy-rc.d answering 101 forbids that, but
        // only one we write ourselves is removed again.
        boolean ownPolicy = !host.run(Command.of("test", "-e", POLICY)).succeeded();
        if (ownPolicy) {
            host.writeFile(POLICY, "#!/bin/sh\n# written by Maestro during apt-get install\nexit 101\n"
                    .getBytes(StandardCharsets.UTF_8), 0755);
        }
        try {
            ExecResult result = apt();
            // A fresh machine (or image) often has no package lists at all: fetch them once then. With
            // lists present, an unknown package is the answer, not a reason to hit the mirrors again.
            if (!result.succeeded() && (result.stdout() + result.stderr()).contains("Unable to locate package")
                    && !host.run(Command.of("sh", "-c", "ls /var/lib/apt/lists/ | grep -q _Packages")).succeeded()) {
                host.run(aptCommand(List.of("apt-get", "update", "-q")));
                result = apt();
            }
            if (!result.succeeded()) {
                throw new ComponentInstallException("cannot install " + kind.key() + " on " + host.host() + ": '"
                        + result.command().display() + "' exited " + result.exitCode() + ":\n"
                        + EngineDriver.indent(EngineDriver.lastLines(result.stdout() + "\n" + result.stderr(), OUTPUT_LINES)));
            }
        } finally {
            if (ownPolicy) {
                host.run(Command.of("rm", "-f", POLICY));
            }
        }
    }

    private ExecResult apt() {
        List<String> argv = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        argv.addAll(packages);
        return host.run(aptCommand(argv));
    }

    private static Command aptCommand(List<String> argv) {
        return Command.of(argv).withEnvironment(Map.of("DEBIAN_FRONTEND", "noninteractive"));
    }
}
