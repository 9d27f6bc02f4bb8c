package io.maestro.hosts.lb;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** File and process chores the two runtimes share, all through the {@link HostExecutor}. */
final class ProcessSupport {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private ProcessSupport() {}

    /** Creates the prefix layout; the custom folders are created empty once and never written again. */
    static void prepare(HostExecutor host, LoadBalancerFiles files) {
        host.run(Command.of("mkdir", "-p", files.prefix() + "/run", files.logsDir(), files.tempDir(), files.certsDir(),
                files.customHttpDir(), files.customServerDir(), files.customStreamDir(), files.customHaproxyDir(),
                files.acmeChallengeDir())).requireSuccess();
        // Workers (www-data) read the ACME answers; keys stay private.
        host.run(Command.of("chmod", "755", files.prefix(), files.acmeWebroot(), files.acmeWebroot() + "/.well-known",
                files.acmeChallengeDir())).requireSuccess();
        host.run(Command.of("chmod", "700", files.certsDir())).requireSuccess();
    }

    /** Renames {@code from} over {@code to} (same folder: atomic on POSIX). */
    static void rename(HostExecutor host, String from, String to) {
        host.run(Command.of("mv", "-f", "-T", from, to)).requireSuccess();
    }

    static void remove(HostExecutor host, String path) {
        host.run(Command.of("rm", "-f", path)).requireSuccess();
    }

    /** The pids in the pid file (HAProxy may list several), empty when there is none. */
    static List<String> pids(HostExecutor host, LoadBalancerFiles files) {
        Optional<byte[]> content = host.readFile(files.pidFile());
        List<String> pids = new ArrayList<>();
        content.ifPresent(bytes -> {
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\\s+")) {
                if (line.matches("[0-9]+")) {
                    pids.add(line);
                }
            }
        });
        return pids;
    }

    static boolean alive(HostExecutor host, String pid) {
        return host.run(Command.of("kill", "-0", pid)).succeeded();
    }

    static boolean anyAlive(HostExecutor host, List<String> pids) {
        return pids.stream().anyMatch(pid -> alive(host, pid));
    }

    /** Waits until none of {@code pids} is alive. */
    static void awaitExit(HostExecutor host, List<String> pids, String what) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (anyAlive(host, pids)) {
            if (System.nanoTime() > deadline) {
                throw new HostException(host.host(), what + " (pids " + pids + ") did not exit within "
                        + STOP_TIMEOUT.toSeconds() + " s");
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
