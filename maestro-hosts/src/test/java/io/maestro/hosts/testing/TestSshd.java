package io.maestro.hosts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server (Debian's openssh-server) for tests: generated host and client keys in a
 * temporary folder, a free loopback port, no PAM, started with {@code sshd -D -e} and stopped by
 * {@link #close()}. Needs root (sshd changes user for the session) like the rest of the host tests.
 *
 * <pre>{@code
 * try (TestSshd sshd = TestSshd.start()) {
 *     SshExecutor ssh = SshExecutor.connect(sshd.target(), sshd.clientKey(), sshd.knownHosts(), false);
 * }
 * }</pre>
 */
public final class TestSshd implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private final Path dir;
    private final String listen;
    private final int port;
    private final List<String> prefix;
    private Path hostKey;
    private Process process;

    private TestSshd(Path dir, String listen, int port, List<String> prefix) {
        this.dir = dir;
        this.listen = listen;
        this.port = port;
        this.prefix = prefix;
    }

    /** Whether this machine can run the fixture: sshd installed and the test running as root. */
    public static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(KEYGEN) && "root".equals(System.getProperty("user.name"));
    }

    /** An sshd on a free loopback port. */
    public static TestSshd start() {
        return start(null, List.of());
    }

    /** An sshd inside the network namespace, on its address and port 22: a second host. */
    public static TestSshd startIn(NetworkNamespace namespace) {
        return start(namespace, List.of());
    }

    /**
     * An sshd inside the network namespace whose sessions see an empty tmpfs of their own at each of
     * {@code privateDirs} (a mount namespace: the files there are not shared with this host or
     * with other such sshds), so two "hosts" can use the same paths, as real ones do.
     */
    public static TestSshd startIn(NetworkNamespace namespace, List<Path> privateDirs) {
        return start(namespace, privateDirs);
    }

    private static TestSshd start(NetworkNamespace namespace, List<Path> privateDirs) {
        if (!available()) {
            throw new IllegalStateException("the SSH tests need Debian's openssh-server (/usr/sbin/sshd) and root;"
                    + " install it with: apt-get install openssh-server");
        }
        try {
            Path dir = Files.createTempDirectory("maestro-sshd");
            TestSshd sshd = namespace == null ? new TestSshd(dir, "127.0.0.1", freePort(), List.of())
                    : new TestSshd(dir, namespace.peerAddress(), 22, withPrivateDirs(namespace.exec(), privateDirs));
            try {
                keygen("ed25519", dir.resolve("client_key"));
                Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
                keygen("ed25519", dir.resolve("other_client_key"));
                sshd.hostKey = dir.resolve("host_key_1");
                keygen("ed25519", sshd.hostKey);
                sshd.launch();
                return sshd;
            } catch (RuntimeException e) {
                sshd.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code ip netns exec} gives the program a mount namespace of its own (mounts propagate into
     * it, not out of it): a tmpfs mounted there before {@code exec sshd} is seen only by sshd and
     * its sessions, and disappears with them.
     */
    private static List<String> withPrivateDirs(List<String> namespaceExec, List<Path> privateDirs) {
        if (privateDirs.isEmpty()) {
            return namespaceExec;
        }
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < privateDirs.size(); i++) {
            script.append("mkdir -p \"$").append(i + 1).append("\" && mount -t tmpfs -o mode=0755 maestro-test \"$")
                    .append(i + 1).append("\" && ");
        }
        script.append("shift ").append(privateDirs.size()).append(" && exec \"$@\"");
        List<String> argv = new java.util.ArrayList<>(namespaceExec);
        argv.addAll(List.of("/bin/sh", "-c", script.toString(), "sh"));
        privateDirs.forEach(d -> argv.add(d.toString()));
        return argv;
    }

    public int port() {
        return port;
    }

    /** {@code root@127.0.0.1:PORT} (or the namespace's address and port 22). */
    public String address() {
        return "root@" + listen + ":" + port;
    }

    /** The private key sshd accepts (OpenSSH format). */
    public String clientKey() {
        return read(dir.resolve("client_key"));
    }

    /** Another private key, not authorized. */
    public String otherClientKey() {
        return read(dir.resolve("other_client_key"));
    }

    /** The known_hosts line of the current host key. */
    public String knownHostsLine() {
        String[] pub = read(hostKey.resolveSibling(hostKey.getFileName() + ".pub")).strip().split(" ");
        return (port == 22 ? listen : "[" + listen + "]:" + port) + " " + pub[0] + " " + pub[1];
    }

    /** The current host key's fingerprint as ssh-keygen prints it. */
    public String hostKeyFingerprint() {
        return run(List.of(KEYGEN.toString(), "-l", "-E", "sha256", "-f", hostKey + ".pub")).split(" ")[1];
    }

    /** Stops sshd, gives it a new host key and starts it again on the same port. */
    public void restartWithNewHostKey() {
        stop();
        hostKey = dir.resolve("host_key_" + System.nanoTime());
        keygen("ed25519", hostKey);
        launch();
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless.
        }
    }

    private void launch() {
        try {
            // sshd refuses to start without its privilege separation folder (made by Debian's init script).
            Files.createDirectories(Path.of("/run/sshd"));
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "Port " + port,
                    "ListenAddress " + listen,
                    "HostKey " + hostKey,
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "UsePAM no",
                    "StrictModes no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "PermitRootLogin prohibit-password",
                    "MaxSessions 50",
                    "MaxStartups 50",
                    "") );
            List<String> argv = new java.util.ArrayList<>(prefix);
            argv.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", config.toString()));
            process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.log").toFile())
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("sshd exited " + process.exitValue() + ": " + read(dir.resolve("sshd.log")));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(listen, port), 200);
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("sshd did not listen on port " + port + " within 20 s: " + read(dir.resolve("sshd.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process = null;
    }

    private static void keygen(String type, Path file) {
        run(List.of(KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", "maestro-test", "-f", file.toString()));
    }

    private static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
