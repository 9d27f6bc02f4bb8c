package io.maestro.hosts.lb;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerSpec;
import io.maestro.plan.lb.nginx.NginxOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs nginx (with Debian's stream module) or HAProxy on a server when it is missing, with
 * apt-get, without letting the package start its default daemon (which would take ports 80/443
 * from Maestro's own instance): the same way the data-store drivers install their engines.
 *
 * <pre>{@code
 * ProxyInstaller.ensureInstalled(executor, LoadBalancerSpec.Engine.NGINX);
 * }</pre>
 */
public final class ProxyInstaller {

    private static final String POLICY = "/usr/sbin/policy-rc.d";
    private static final int OUTPUT_LINES = 20;

    private ProxyInstaller() {}

    /**
     * Returns whether something was installed.
     *
     * @throws HostException naming the host, apt's command, exit code and the tail of its output
     */
    public static boolean ensureInstalled(HostExecutor host, LoadBalancerSpec.Engine engine) {
        List<String> missing = new ArrayList<>();
        switch (engine) {
            case NGINX -> {
                if (!present(host, "nginx")) {
                    missing.add("nginx");
                }
                if (!host.run(Command.of("test", "-e", NginxOptions.DEBIAN_STREAM_MODULE)).succeeded()) {
                    missing.add("libnginx-mod-stream");
                }
            }
            case HAPROXY -> {
                if (!present(host, "haproxy")) {
                    missing.add("haproxy");
                }
            }
        }
        if (missing.isEmpty()) {
            return false;
        }
        install(host, missing);
        return true;
    }

    private static boolean present(HostExecutor host, String binary) {
        return host.run(Command.of("sh", "-c", "command -v \"$1\"", "sh", binary)).succeeded();
    }

    private static void install(HostExecutor host, List<String> packages) {
        // A policy-rc.d answering 101 stops apt from starting the default daemon; only ours is removed again.
        boolean ownPolicy = !host.run(Command.of("test", "-e", POLICY)).succeeded();
        if (ownPolicy) {
            host.writeFile(POLICY, "#!/bin/sh\n# written by Maestro during apt-get install\nexit 101\n"
                    .getBytes(StandardCharsets.UTF_8), 0755);
        }
        try {
            ExecResult result = apt(host, packages);
            if (!result.succeeded() && (result.stdout() + result.stderr()).contains("Unable to locate package")
                    && !host.run(Command.of("sh", "-c", "ls /var/lib/apt/lists/ | grep -q _Packages")).succeeded()) {
                host.run(aptCommand(List.of("apt-get", "update", "-q")));
                result = apt(host, packages);
            }
            if (!result.succeeded()) {
                List<String> lines = (result.stdout() + "\n" + result.stderr()).strip().lines().toList();
                String tail = String.join("\n  ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
                throw new HostException(host.host(), "cannot install the load balancer (" + String.join(", ", packages)
                        + "): '" + result.command().display() + "' exited " + result.exitCode() + ":\n  " + tail
                        + "\n(hint: install it yourself on the server, e.g. apt-get install " + String.join(" ", packages)
                        + ", then deploy again)");
            }
        } finally {
            if (ownPolicy) {
                host.run(Command.of("rm", "-f", POLICY));
            }
        }
    }

    private static ExecResult apt(HostExecutor host, List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        argv.addAll(packages);
        return host.run(aptCommand(argv));
    }

    private static Command aptCommand(List<String> argv) {
        return Command.of(argv).withEnvironment(Map.of("DEBIAN_FRONTEND", "noninteractive"));
    }
}
