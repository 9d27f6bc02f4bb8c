package io.maestro.hosts.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;

/**
 * Runs commands on a server over SSH (Apache MINA SSHD), authenticating with one private key
 * and verifying the server's host key against {@link KnownHosts}. One SSH connection is opened
 * when the executor is created (so a bad address, key or host key fails right away) and reused
 * for every command; it is reopened when the server dropped it.
 *
 * <pre>{@code
 * try (SshExecutor ssh = SshExecutor.connect(SshTarget.parse("root@10.0.0.5"), privateKeyText,
 *         KnownHosts.parse(knownHostsText), false)) {
 *     ExecResult r = ssh.run(Command.of("uname", "-a")).requireSuccess();
 * }
 * }</pre>
 *
 * <p>The argv is quoted for the remote POSIX shell by {@link ShellQuoting}; the remote user's
 * login shell must be a POSIX shell (sh, dash, bash, ash, zsh in sh mode). When a command times
 * out, its whole process group on the server is killed with SIGKILL.
 */
public final class SshExecutor implements HostExecutor {

    /** How long connecting and authenticating may take when the caller does not say. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** The remote line first prints the shell's PID (its process group) on stderr, so a timeout can kill the group. */
    private static final String PID_PREFIX = "printf '%s\\n' \"$$\" >&2; ";
    private static final int MISSING_FILE_EXIT = 44;
    private static final Duration PID_GRACE = Duration.ofSeconds(15);

    private final SshTarget target;
    private final KeyPair identity;
    private final Duration connectTimeout;
    private final HostKeyVerifier verifier;
    private final SshClient client;
    private ClientSession session;
    /** The only addresses the server may open forwarded connections to (see {@link #forwardRemotePort}). */
    private final Set<Integer> forwardedPorts = new java.util.HashSet<>();

    private SshExecutor(SshTarget target, KeyPair identity, KnownHosts knownHosts, boolean trustNewHostKey,
            Duration connectTimeout) {
        this.target = target;
        this.identity = identity;
        this.connectTimeout = connectTimeout;
        this.verifier = new HostKeyVerifier(target, knownHosts, trustNewHostKey);
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        // Only what the caller gave: never ~/.ssh/config, ~/.ssh/id_*, an agent or passwords.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(identity));
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        preferRecordedHostKeyTypes(client, knownHosts.keysFor(target));
        // The server may only open connections back to the ports this executor asked to forward.
        client.setForwardingFilter(new StaticDecisionForwardingFilter(false) {
            @Override
            public boolean canConnect(Type type, SshdSocketAddress address, org.apache.sshd.common.session.Session session) {
                synchronized (forwardedPorts) {
                    // MINA names either end of the forward here: both ports are in the set.
                    return type == Type.Forwarded && forwardedPorts.contains(address.getPort());
                }
            }
        });
    }

    /**
     * Connects and authenticates. With {@code trustNewHostKey} an unknown host's key is accepted
     * and recorded (see {@link #knownHosts()}); a changed key is refused in every case.
     *
     * @param privateKey an OpenSSH or PEM private key, not passphrase-protected
     * @throws HostKeyRejectedException when the host key is unknown (and not trusted) or changed
     * @throws HostException when the host cannot be reached or refuses the key
     */
    public static SshExecutor connect(SshTarget target, String privateKey, KnownHosts knownHosts, boolean trustNewHostKey) {
        return connect(target, privateKey, knownHosts, trustNewHostKey, DEFAULT_CONNECT_TIMEOUT);
    }

    public static SshExecutor connect(SshTarget target, String privateKey, KnownHosts knownHosts, boolean trustNewHostKey,
            Duration connectTimeout) {
        KeyPair identity = readPrivateKey(target, privateKey);
        SshExecutor executor = new SshExecutor(target, identity, knownHosts, trustNewHostKey, connectTimeout);
        try {
            executor.client.start();
            executor.session();
            return executor;
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /** Reads a private key's text; the message says what was expected when it is not one. */
    public static KeyPair readPrivateKey(SshTarget target, String privateKey) {
        if (privateKey == null || privateKey.isBlank()) {
            throw new HostException("ssh " + target, "no private key given (expected the text of an OpenSSH or PEM private key)");
        }
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("private key"),
                    new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), FilePasswordProvider.EMPTY);
            if (pairs != null) {
                for (KeyPair pair : pairs) {
                    return pair;
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new HostException("ssh " + target, "cannot read the private key (expected an OpenSSH or PEM private key"
                    + " without a passphrase): " + e.getMessage(), e);
        }
        throw new HostException("ssh " + target, "the private key text holds no key (expected '-----BEGIN OPENSSH PRIVATE KEY-----'"
                + " or a PEM private key)");
    }

    @Override
    public String host() {
        return "ssh " + target;
    }

    public SshTarget target() {
        return target;
    }

    /** The known hosts after connecting: the ones given, plus the server's key when it was new and trusted. */
    public KnownHosts knownHosts() {
        return verifier.knownHosts();
    }

    /** The public key this executor authenticates with, in authorized_keys format. */
    public String publicKey() {
        return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(identity.getPublic());
    }

    @Override
    public ExecResult run(Command command) {
        return run(command, null);
    }

    /** Streams output lines as the server sends them; the kill action kills the remote process group. */
    @Override
    public ExecResult run(Command command, CommandWatcher watcher) {
        long started = System.nanoTime();
        Raw raw = execute(command, watcher);
        return new ExecResult(host(), command, raw.exitCode(), new String(raw.stdout(), StandardCharsets.UTF_8),
                new String(raw.stderr(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " is not a POSIX mode (0 to 07777)");
        }
        // A fixed script; the path and mode are positional parameters, never part of the script.
        // mktemp creates the file 0600, so the content is never readable by others before chmod.
        String script = "set -e; d=$(dirname -- \"$1\"); mkdir -p -- \"$d\"; t=$(mktemp \"$d/.maestro.XXXXXX\");"
                + " trap 'rm -f -- \"$t\"' EXIT; cat > \"$t\"; chmod \"$2\" \"$t\"; mv -f -- \"$t\" \"$1\"; trap - EXIT";
        Command command = Command.of("sh", "-c", script, "sh", path, String.format("%04o", mode))
                .withStdin(content).withTimeout(Duration.ofMinutes(2));
        Raw raw = execute(command);
        if (raw.exitCode() != 0) {
            throw new HostException(host(), "cannot write " + path + ": " + new String(raw.stderr(), StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        String script = "if [ -e \"$1\" ]; then exec cat -- \"$1\"; else exit " + MISSING_FILE_EXIT + "; fi";
        Raw raw = execute(Command.of("sh", "-c", script, "sh", path).withTimeout(Duration.ofMinutes(2)));
        if (raw.exitCode() == MISSING_FILE_EXIT) {
            return Optional.empty();
        }
        if (raw.exitCode() != 0) {
            throw new HostException(host(), "cannot read " + path + ": " + new String(raw.stderr(), StandardCharsets.UTF_8).strip());
        }
        return Optional.of(raw.stdout());
    }

    @Override
    public synchronized void close() {
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            session = null;
            client.stop();
        }
    }

    private record Raw(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private Raw execute(Command command) {
        return execute(command, null);
    }

    private Raw execute(Command command, CommandWatcher watcher) {
        String line = PID_PREFIX + ShellQuoting.commandLine(command);
        ClientSession current = session();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        LineSplitter outLines = watcher == null ? null : new LineSplitter(watcher);
        LineSplitter errLines = watcher == null ? null : new LineSplitter(watcher);
        PidThenOutput stderr = new PidThenOutput(errLines);
        try (ChannelExec channel = current.createExecChannel(line)) {
            channel.setOut(outLines == null ? stdout : new Tee(stdout, outLines));
            channel.setErr(stderr);
            // Always an input stream: MINA then sends EOF after it, so a program reading stdin ends.
            channel.setIn(new ByteArrayInputStream(command.stdin().orElse(new byte[0])));
            channel.open().verify(connectTimeout);
            if (watcher != null) {
                watcher.started(() -> {
                    if (channel.isOpen()) {
                        killGroup(stderr.awaitPid(PID_GRACE));
                    }
                });
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), command.timeout().toMillis());
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                // On a loaded server the program may not have started yet: wait a little for its PID.
                killGroup(stderr.awaitPid(PID_GRACE));
                channel.close(true);
                throw new HostException(host(), "'" + command.display() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed");
            }
            if (outLines != null) {
                outLines.finish();
                errLines.finish();
            }
            Integer status = channel.getExitStatus();
            if (status == null) {
                String signal = channel.getExitSignal();
                if (signal == null) {
                    throw new HostException(host(), "'" + command.display() + "' ended without an exit status (connection lost?)");
                }
                return new Raw(128 + signalNumber(signal), stdout.toByteArray(), appendLine(stderr.output(), "killed by SIG" + signal));
            }
            return new Raw(status, stdout.toByteArray(), stderr.output());
        } catch (IOException e) {
            throw new HostException(host(), "cannot run '" + command.display() + "': " + e.getMessage(), e);
        }
    }

    private void killGroup(Optional<Long> pid) {
        if (pid.isEmpty()) {
            return;
        }
        try {
            execute(Command.of("kill", "-KILL", "--", "-" + pid.get()).withTimeout(Duration.ofSeconds(30)));
        } catch (HostException e) {
            // Best effort: the caller learns about the timeout either way.
        }
    }

    private synchronized ClientSession session() {
        if (session != null && session.isOpen() && session.isAuthenticated()) {
            return session;
        }
        if (session != null) {
            session.close(true);
            session = null;
        }
        ClientSession fresh = null;
        try {
            fresh = client.connect(target.user(), target.host(), target.port()).verify(connectTimeout).getSession();
            fresh.auth().verify(connectTimeout);
            session = fresh;
            return fresh;
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                fresh.close(true);
            }
            HostKeyRejectedException rejected = verifier.takeRejection();
            if (rejected != null) {
                throw rejected;
            }
            if (fresh != null && isAuthFailure(e)) {
                throw new HostException(host(), "the server refused the private key for user " + target.user()
                        + " (is its public key " + KnownHosts.fingerprint(identity.getPublic()) + " in ~"
                        + target.user() + "/.ssh/authorized_keys?)", e);
            }
            throw new HostException(host(), "cannot connect: " + describe(e), e);
        }
    }

    private static boolean isAuthFailure(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("authentication") || message.contains("no more authentication methods");
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** When a key is recorded, negotiate only its type, so a host with several keys is not mistaken for a changed one. */
    private static void preferRecordedHostKeyTypes(SshClient client, List<PublicKey> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Set<String> types = new java.util.HashSet<>();
        for (PublicKey key : recorded) {
            types.add(KeyUtils.getCanonicalKeyType(KeyUtils.getKeyType(key)));
        }
        List<NamedFactory<Signature>> kept = new ArrayList<>();
        for (NamedFactory<Signature> factory : client.getSignatureFactories()) {
            if (types.contains(KeyUtils.getCanonicalKeyType(factory.getName()))) {
                kept.add(factory);
            }
        }
        if (!kept.isEmpty()) {
            client.setSignatureFactories(kept);
        }
    }

    private static int signalNumber(String signal) {
        return switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "ABRT" -> 6;
            case "KILL" -> 9;
            case "SEGV" -> 11;
            case "PIPE" -> 13;
            case "ALRM" -> 14;
            default -> 15;
        };
    }

    private static byte[] appendLine(byte[] output, String line) {
        byte[] extra = ((output.length == 0 || output[output.length - 1] == '\n' ? "" : "\n") + line + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] result = java.util.Arrays.copyOf(output, output.length + extra.length);
        System.arraycopy(extra, 0, result, output.length, extra.length);
        return result;
    }

    /** Stderr whose first line is the remote shell's PID (see {@link #PID_PREFIX}); the rest is the program's. */
    private static final class PidThenOutput extends OutputStream {
        private final ByteArrayOutputStream pidLine = new ByteArrayOutputStream();
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final LineSplitter lines;
        private volatile boolean pidRead;

        PidThenOutput(LineSplitter lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (pidRead) {
                output.write(b);
                if (lines != null) {
                    lines.write(b);
                }
            } else if (b == '\n') {
                pidRead = true;
                notifyAll();
            } else {
                pidLine.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (pidRead) {
                    output.write(b, i, off + len - i);
                    if (lines != null) {
                        lines.write(b, i, off + len - i);
                    }
                    return;
                }
                write(b[i]);
            }
        }

        synchronized Optional<Long> awaitPid(Duration grace) {
            long deadline = System.nanoTime() + grace.toNanos();
            try {
                while (!pidRead && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                return pidRead ? Optional.of(Long.parseLong(pidLine.toString(StandardCharsets.US_ASCII).strip())) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        synchronized byte[] output() {
            return output.toByteArray();
        }
    }

    /** Copies what the server sends to the kept output and to the line splitter. */
    private static final class Tee extends OutputStream {
        private final OutputStream kept;
        private final LineSplitter lines;

        Tee(OutputStream kept, LineSplitter lines) {
            this.kept = kept;
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            kept.write(b);
            lines.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            kept.write(b, off, len);
            lines.write(b, off, len);
        }
    }

    /** Cuts one output stream into lines for a {@link CommandWatcher}; calls to the watcher are serialized. */
    private static final class LineSplitter {
        private final CommandWatcher watcher;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        LineSplitter(CommandWatcher watcher) {
            this.watcher = watcher;
        }

        synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                partial.write(b);
            }
        }

        synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        synchronized void finish() {
            if (partial.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            synchronized (watcher) {
                watcher.line(line);
            }
        }
    }

    /**
     * Opens a port on the server's loopback that leads, through this SSH connection, to
     * {@code localPort} on this machine's loopback (what {@code ssh -R 0:127.0.0.1:PORT} does). A
     * build server pushes to a registry on the control plane's 127.0.0.1 this way. Close it to stop.
     *
     * @throws HostException when the server refuses (sshd's {@code AllowTcpForwarding no})
     */
    public RemoteForward forwardRemotePort(int localPort) {
        SshdSocketAddress local = new SshdSocketAddress("127.0.0.1", localPort);
        synchronized (forwardedPorts) {
            forwardedPorts.add(localPort);
        }
        try {
            ExplicitPortForwardingTracker tracker = session().createRemotePortForwardingTracker(
                    new SshdSocketAddress("127.0.0.1", 0), local);
            int remotePort = tracker.getBoundAddress().getPort();
            synchronized (forwardedPorts) {
                forwardedPorts.add(remotePort);
            }
            return new RemoteForward(remotePort, () -> {
                try {
                    tracker.close();
                } catch (IOException e) {
                    // The connection is gone, and the forward with it.
                } finally {
                    synchronized (forwardedPorts) {
                        forwardedPorts.remove(localPort);
                        forwardedPorts.remove(remotePort);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            synchronized (forwardedPorts) {
                forwardedPorts.remove(localPort);
            }
            throw new HostException(host(), "cannot forward a port of the server to 127.0.0.1:" + localPort
                    + " here: " + describe(e) + " (does its sshd allow it? AllowTcpForwarding yes or remote)", e);
        }
    }

    /**
     * A port on the server's loopback forwarded to this machine (see {@link #forwardRemotePort}).
     *
     * @param remotePort the port on the server's 127.0.0.1
     */
    public record RemoteForward(int remotePort, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}
