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
        // One round trip (over SSH each command costs a channel): print what is missing.
        String probe = switch (engine) {
            case NGINX -> "command -v nginx >/dev/null || echo nginx; test -e \"$1\" || echo libnginx-mod-stream";
            case HAPROXY -> "command -v haproxy >/dev/null || echo haproxy";
        };
        ExecResult found = host.run(Command.of("sh", "-c", probe, "sh", NginxOptions.DEBIAN_STREAM_MODULE));
        List<String> missing = found.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (missing.isEmpty()) {
            return false;
        }
        install(host, missing);
        return true;
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
