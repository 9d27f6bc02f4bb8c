package io.maestro.hosts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A second "host" for tests: a network namespace joined to this one by a veth pair, with a
 * /30 of its own ({@code 10.X.Y.1} here, {@code 10.X.Y.2} inside; the default route inside goes
 * through {@code 10.X.Y.1}, so the namespace reaches every address of this host). Needs root and
 * iproute2.
 * {@link #close()} deletes the namespace, which deletes the pair.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Path IP = Path.of("/usr/sbin/ip");

    private final String name;
    private final String hostAddress;
    private final String peerAddress;

    private NetworkNamespace(String name, String hostAddress, String peerAddress) {
        this.name = name;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    /** Whether namespaces can be made here (root, iproute2). */
    public static boolean available() {
        return Files.isExecutable(IP) && "root".equals(System.getProperty("user.name"));
    }

    public static NetworkNamespace create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = Integer.toString(random.nextInt(1 << 20), 36);
        String subnet = "10." + random.nextInt(200, 250) + "." + random.nextInt(1, 255) + ".";
        NetworkNamespace ns = new NetworkNamespace("maestro-" + id, subnet + "1", subnet + "2");
        String host = "mh" + id;
        String peer = "mp" + id;
        try {
            ip("netns", "add", ns.name);
            ip("link", "add", host, "type", "veth", "peer", "name", peer);
            ip("link", "set", peer, "netns", ns.name);
            ip("addr", "add", ns.hostAddress + "/30", "dev", host);
            ip("link", "set", host, "up");
            ip("netns", "exec", ns.name, IP.toString(), "addr", "add", ns.peerAddress + "/30", "dev", peer);
            ip("netns", "exec", ns.name, IP.toString(), "link", "set", peer, "up");
            ip("netns", "exec", ns.name, IP.toString(), "link", "set", "lo", "up");
            // Through this host, the namespace reaches this host's other addresses (other namespaces' links).
            ip("netns", "exec", ns.name, IP.toString(), "route", "add", "default", "via", ns.hostAddress);
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** This side's address on the link. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The namespace's address. */
    public String peerAddress() {
        return peerAddress;
    }

    /** The argv prefix that runs a program inside the namespace. */
    public List<String> exec() {
        return List.of(IP.toString(), "netns", "exec", name);
    }

    /**
     * Kills whatever still runs inside (daemons a test started there, such as nginx, outlive the
     * sshd that started them and would keep the namespace alive), then deletes the namespace.
     */
    @Override
    public void close() {
        try {
            for (String pid : ip("netns", "pids", name).split("\\s+")) {
                if (!pid.isBlank()) {
                    new ProcessBuilder("kill", "-9", pid.strip()).start().waitFor();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Already gone: nothing runs there.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ip("netns", "del", name);
        } catch (RuntimeException e) {
            // Already gone (creation failed early): nothing to clean.
        }
    }

    private static String ip(String... args) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(IP.toString());
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
