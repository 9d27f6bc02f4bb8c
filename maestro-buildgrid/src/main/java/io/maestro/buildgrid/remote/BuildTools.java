package io.maestro.buildgrid.remote;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.LogListener;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes sure a build server has {@code git} and {@code buildah}: when one is missing and the
 * server has apt-get, installs the Debian packages (like the data-store drivers install theirs);
 * otherwise the build fails saying what to install.
 */
final class BuildTools {

    static final List<String> PACKAGES = List.of("git", "buildah");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private BuildTools() {
    }

    static void ensureInstalled(WatchedExecutor host, String serverName, LogListener log) {
        List<String> missing = missing(host);
        if (missing.isEmpty()) {
            return;
        }
        if (!host.run(Command.of("sh", "-c", "command -v apt-get"), LogListener.NONE).succeeded()) {
            throw new BuildException("build server " + serverName + " (" + host.host() + ") has no " + String.join(", ", missing)
                    + " and no apt-get to install them; install " + String.join(" and ", PACKAGES) + " there yourself");
        }
        log.line("Installing " + String.join(" ", PACKAGES) + " on build server " + serverName);
        ExecResult result = apt(host, List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "git", "buildah"));
        if (!result.succeeded() && (result.stdout() + result.stderr()).contains("Unable to locate package")) {
            apt(host, List.of("apt-get", "update", "-q"));
            result = apt(host, List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "git", "buildah"));
        }
        if (!result.succeeded() || !missing(host).isEmpty()) {
            throw new BuildException("cannot install " + String.join(" and ", PACKAGES) + " on build server " + serverName
                    + " (" + host.host() + "): '" + result.command().display() + "' exited " + result.exitCode()
                    + " (install them there yourself, or remove the server's build role)");
        }
    }

    /** The tools not on the server's PATH, found in one round trip (the names are arguments, not script text). */
    private static List<String> missing(WatchedExecutor host) {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c",
                "for tool in \"$@\"; do command -v \"$tool\" >/dev/null 2>&1 || echo \"$tool\"; done", "sh"));
        argv.addAll(PACKAGES);
        ExecResult result = host.run(Command.of(argv), LogListener.NONE).requireSuccess();
        return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static ExecResult apt(WatchedExecutor host, List<String> argv) {
        return host.run(Command.of(argv).withEnvironment(Map.of("DEBIAN_FRONTEND", "noninteractive")).withTimeout(INSTALL_TIMEOUT));
    }
}
