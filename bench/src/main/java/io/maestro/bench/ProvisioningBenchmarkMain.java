package io.maestro.bench;

import io.maestro.hosts.component.ComponentDriver;
import io.maestro.hosts.component.InstanceSpec;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.model.service.DatabaseKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Provisioning time per engine: {@link ComponentDriver#provision} of a fresh instance (create, start,
 * wait until it answers, credentials), against the engine's own raw commands doing the same on the
 * same machine in the same run (initdb + pg_ctl start; mariadb-install-db + mariadbd; redis-server
 * --daemonize; memcached -d), each waited for until it answers, polling every 100 ms like the
 * driver. Also the time of a repeated provision with no change. Rounds alternate the two sides.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.maestro.bench.ProvisioningBenchmarkMain [ROUNDS] [ENGINE...]
 * </pre>
 * Needs root and the Debian packages postgresql, mariadb-server, redis-server, memcached.
 */
public final class ProvisioningBenchmarkMain {

    private static final LocalExecutor LOCAL = new LocalExecutor();

    private ProvisioningBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<DatabaseKind> kinds = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            kinds.add(DatabaseKind.fromKey(args[i]).orElseThrow(() -> new IllegalArgumentException("unknown engine")));
        }
        if (kinds.isEmpty()) {
            kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL, DatabaseKind.REDIS, DatabaseKind.MEMCACHED);
        }
        Path base = Files.createTempDirectory("maestro-bench-provision");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.printf(Locale.ROOT, "%-11s %6s %14s %14s %7s %16s%n", "engine", "rounds", "raw (ms)", "maestro (ms)",
                "ratio", "re-provision (ms)");
        try {
            for (DatabaseKind kind : kinds) {
                ComponentDriver driver = ComponentDriver.forKind(kind, LOCAL);
                driver.ensureInstalled();
                List<Long> raw = new ArrayList<>();
                List<Long> maestro = new ArrayList<>();
                List<Long> again = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Path rawDir = base.resolve("raw-" + kind.key() + "-" + round);
                    InstanceSpec spec = InstanceSpec.of("bench" + round, base.toString(), "127.0.0.1", freePort());
                    if (round % 2 == 0) {
                        raw.add(timeRaw(kind, rawDir));
                        maestro.add(timeMaestro(driver, spec, again));
                    } else {
                        maestro.add(timeMaestro(driver, spec, again));
                        raw.add(timeRaw(kind, rawDir));
                    }
                }
                long r = median(raw);
                long m = median(maestro);
                System.out.printf(Locale.ROOT, "%-11s %6d %14d %14d %6.2fx %16d%n", kind.key(), rounds, r, m,
                        (double) m / r, median(again));
            }
        } finally {
            LOCAL.run(Command.of("rm", "-rf", "--", base.toString()));
        }
    }

    private static long timeMaestro(ComponentDriver driver, InstanceSpec spec, List<Long> again) {
        long start = System.nanoTime();
        driver.provision(spec);
        long took = (System.nanoTime() - start) / 1_000_000;
        long second = System.nanoTime();
        driver.provision(spec);
        again.add((System.nanoTime() - second) / 1_000_000);
        driver.deprovision(spec, false);
        return took;
    }

    /** The engine's own commands for the same job: a fresh data folder, started, answering. */
    private static long timeRaw(DatabaseKind kind, Path dir) throws Exception {
        int port = freePort();
        String d = dir.toString();
        run("install", "-d", "-m", "0755", d);
        return switch (kind) {
            case POSTGRESQL -> {
                String bin = postgresBin();
                run("chown", "postgres:postgres", d);
                long start = System.nanoTime();
                run("runuser", "-u", "postgres", "--", bin + "/initdb", "-D", d + "/data", "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--locale=C");
                run("runuser", "-u", "postgres", "--", bin + "/pg_ctl", "-D", d + "/data", "-l", d + "/log", "-W", "-o",
                        "-p " + port + " -k " + d + " -c listen_addresses=127.0.0.1", "start");
                await(() -> LOCAL.run(Command.of("pg_isready", "-h", d, "-p", Integer.toString(port))).succeeded());
                long took = elapsed(start);
                run("runuser", "-u", "postgres", "--", bin + "/pg_ctl", "-D", d + "/data", "-m", "fast", "-w", "stop");
                yield took;
            }
            case MYSQL -> {
                run("chown", "mysql:mysql", d);
                long start = System.nanoTime();
                run("mariadb-install-db", "--no-defaults", "--datadir=" + d + "/data", "--user=mysql",
                        "--auth-root-authentication-method=socket", "--skip-test-db");
                run("start-stop-daemon", "--start", "--background", "--pidfile", d + "/pid", "--output", d + "/out",
                        "--exec", "/usr/sbin/mariadbd", "--", "--no-defaults", "--datadir=" + d + "/data",
                        "--socket=" + d + "/sock", "--pid-file=" + d + "/pid", "--port=" + port,
                        "--bind-address=127.0.0.1", "--user=mysql", "--log-error=" + d + "/err");
                await(() -> LOCAL.run(Command.of("mariadb-admin", "--no-defaults", "--socket=" + d + "/sock", "-u", "root",
                        "ping")).succeeded());
                long took = elapsed(start);
                killPidFile(d + "/pid");
                yield took;
            }
            case REDIS -> {
                run("chown", "redis:redis", d);
                long start = System.nanoTime();
                run("runuser", "-u", "redis", "--", "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--daemonize", "yes", "--dir", d, "--pidfile", d + "/pid", "--logfile", d + "/log");
                await(() -> LOCAL.run(Command.of("redis-cli", "-p", Integer.toString(port), "ping")).stdout().contains("PONG"));
                long took = elapsed(start);
                killPidFile(d + "/pid");
                yield took;
            }
            case MEMCACHED -> {
                run("chown", "memcache:memcache", d);
                long start = System.nanoTime();
                run("memcached", "-d", "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0", "-u", "memcache",
                        "-P", d + "/pid");
                await(() -> accepts(port));
                long took = elapsed(start);
                killPidFile(d + "/pid");
                yield took;
            }
            default -> throw new IllegalArgumentException(kind.key());
        };
    }

    private static String postgresBin() {
        ExecResult versions = LOCAL.run(Command.of("ls", "-1", "/usr/lib/postgresql")).requireSuccess();
        String newest = versions.stdout().lines().filter(v -> v.matches("[0-9]+"))
                .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).orElseThrow();
        return "/usr/lib/postgresql/" + newest + "/bin";
    }

    private static void killPidFile(String pidFile) throws Exception {
        await(() -> Files.exists(Path.of(pidFile)));
        String pid = Files.readString(Path.of(pidFile)).strip();
        run("kill", pid);
        await(() -> !Files.exists(Path.of("/proc/" + pid)));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(100);
        }
    }

    private static void run(String... argv) {
        LOCAL.run(Command.of(argv)).requireSuccess();
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
