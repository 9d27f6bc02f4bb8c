package io.maestro.hosts.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.testing.TestSshd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HostExecutor#run(Command, CommandWatcher)} on this host and over SSH: output lines arrive
 * while the program still runs, the kill action stops it (and its children), and the result keeps
 * the whole output. Also an SSH remote forward carrying a connection back to this machine.
 */
class WatchedCommandIT {

    private static TestSshd sshd;
    private static SshExecutor ssh;

    @BeforeAll
    static void startSshd() {
        sshd = TestSshd.start();
        ssh = SshExecutor.connect(SshTarget.parse(sshd.address()), sshd.clientKey(), KnownHosts.parse(sshd.knownHostsLine()), false);
    }

    @AfterAll
    static void stopSshd() {
        if (ssh != null) {
            ssh.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    static Stream<HostExecutor> executors() {
        return Stream.of(new LocalExecutor(), ssh);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("executors")
    void linesArriveWhileTheProgramRunsAndTheKillActionStopsIt(HostExecutor host) throws Exception {
        String marker = "4242." + System.nanoTime() % 100000;
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicReference<Runnable> kill = new AtomicReference<>();
        CompletableFuture<String> firstLine = new CompletableFuture<>();

        CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() -> host.run(
                Command.of("sh", "-c", "echo first; echo to-stderr >&2; exec sleep \"$1\"", "sh", marker),
                new CommandWatcher() {
                    @Override
                    public void line(String line) {
                        lines.add(line);
                        firstLine.complete(line);
                    }

                    @Override
                    public void started(Runnable action) {
                        kill.set(action);
                    }
                }));

        // The program sleeps for hours: these lines can only have come while it runs.
        assertThat(firstLine.get(1, TimeUnit.MINUTES)).isIn("first", "to-stderr");
        assertThat(run).isNotDone();
        kill.get().run();
        ExecResult result = run.get(1, TimeUnit.MINUTES);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("first\n");
        assertThat(result.stderr()).startsWith("to-stderr\n");
        assertThat(lines).contains("first", "to-stderr");
        assertThat(new LocalExecutor().run(Command.of("pgrep", "-f", "sleep " + marker)).exitCode())
                .as("the sleep was killed").isEqualTo(1);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("executors")
    void aShortCommandHandsOverItsLastLineWithoutALineBreak(HostExecutor host) {
        List<String> lines = new CopyOnWriteArrayList<>();
        ExecResult result = host.run(Command.of("printf", "a\\nb"), lines::add);
        assertThat(result.stdout()).isEqualTo("a\nb");
        assertThat(lines).containsExactly("a", "b");
    }

    @org.junit.jupiter.api.Test
    void aRemoteForwardCarriesAConnectionFromTheServerBackToThisMachine() throws Exception {
        try (ServerSocket here = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = here.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                    out.write("hello from this machine\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return new String(in.readNBytes(5), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SshExecutor.RemoteForward forward = ssh.forwardRemotePort(here.getLocalPort())) {
                assertThat(forward.remotePort()).isPositive().isNotEqualTo(here.getLocalPort());
                ExecResult nc = ssh.run(Command.of("busybox", "nc", "127.0.0.1", String.valueOf(forward.remotePort()))
                        .withStdin("ping\n".getBytes(StandardCharsets.UTF_8)).withTimeout(java.time.Duration.ofSeconds(60)));
                assertThat(nc.stdout()).isEqualTo("hello from this machine\n");
            }
            assertThat(received.get(1, TimeUnit.MINUTES)).isEqualTo("ping\n");
        }
    }
}
