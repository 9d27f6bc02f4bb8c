package io.maestro.hosts.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.hosts.testing.TestSshd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SshExecutorIT {

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

    @Test
    void aCommandReportsItsExitCodeAndBothOutputs() {
        ExecResult result = ssh.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.host()).isEqualTo("ssh " + sshd.address());
        assertThatThrownBy(result::requireSuccess).isInstanceOf(HostCommandException.class).hasMessageContaining("exited 3");
    }

    @Test
    void theRemoteProgramReceivesExactlyTheArgv() {
        List<String> tricky = List.of("", " ", "a b", "'", "\"", "''", "it's", "$HOME", "${PATH}", "$(id)", "`id`", ";", "a;b",
                "&&", "|", ">", "<", "*", "?", "[a]", "~", "#", "!", "\\", "\\'", "'\\''", "\n", "line1\nline2", "\t", "-n",
                "--", "%s", "é ü 日本", "a\rb", "{a,b}", "x=y");
        assertThat(echoedArgs(tricky)).isEqualTo(tricky);
    }

    @Test
    void manyRandomArgumentsSurviveTheRemoteShell() {
        Random random = new Random(42);
        String alphabet = "ab '\"$`\\;|&<>()[]{}*?!#~%^=\n\t-é";
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            StringBuilder word = new StringBuilder();
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            args.add(word.toString());
        }
        assertThat(echoedArgs(args)).isEqualTo(args);
    }

    @Test
    void standardInputReachesTheProgramAndIsClosed() {
        ExecResult result = ssh.run(Command.of("cat").withStdin("hello\nworld\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.stdout()).isEqualTo("hello\nworld\n");
        assertThat(ssh.run(Command.of("cat")).stdout()).isEmpty();
    }

    @Test
    void environmentAndWorkingDirectoryApply() {
        ExecResult result = ssh.run(Command.of("sh", "-c", "pwd; printf '%s' \"$GREETING\"")
                .withEnvironment(Map.of("GREETING", "it's $fine"))
                .inDirectory("/tmp"));
        assertThat(result.stdout()).isEqualTo("/tmp\nit's $fine");
    }

    @Test
    void commandsReuseOneConnection() {
        String first = ssh.run(Command.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
        String second = ssh.run(Command.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
        assertThat(first).isNotBlank().isEqualTo(second);
    }

    @Test
    void aFileIsWrittenWithItsModeAndReadBack() {
        String dir = "/tmp/maestro-ssh-it-" + System.nanoTime() + "/a b'c";
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        ssh.writeFile(dir + "/secret.conf", content, 0640);

        assertThat(ssh.readFile(dir + "/secret.conf")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
        assertThat(ssh.run(Command.of("stat", "-c", "%a", dir + "/secret.conf")).stdout().strip()).isEqualTo("640");
        ssh.writeFile(dir + "/secret.conf", "v2".getBytes(StandardCharsets.UTF_8), 0600);
        assertThat(ssh.readFile(dir + "/secret.conf")).map(String::new).contains("v2");
        assertThat(ssh.run(Command.of("ls", "-A", dir)).stdout()).as("no temporary file left").isEqualTo("secret.conf\n");
        assertThat(ssh.readFile(dir + "/missing")).isEmpty();
        ssh.run(Command.of("rm", "-rf", dir.substring(0, dir.indexOf("/a b'c")))).requireSuccess();
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledOnTheServer() {
        String marker = "12345.678" + System.nanoTime() % 1000;
        assertThatThrownBy(() -> ssh.run(Command.of("sleep", marker).withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("did not finish within 1 s");
        ExecResult search = ssh.run(Command.of("pgrep", "-a", "-f", "sleep " + marker));
        assertThat(search.exitCode()).as("sleep was killed, but found: " + search.stdout()).isEqualTo(1);
        assertThat(ssh.run(Command.of("true")).exitCode()).as("the connection still works").isZero();
    }

    @Test
    void anUnknownHostKeyIsRefusedUnlessTrustedAndThenRecorded() {
        SshTarget target = SshTarget.parse(sshd.address());
        assertThatThrownBy(() -> SshExecutor.connect(target, sshd.clientKey(), KnownHosts.empty(), false))
                .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.UNKNOWN);
                    assertThat(e.presentedFingerprint()).isEqualTo(sshd.hostKeyFingerprint());
                })
                .hasMessageContaining("not known")
                .hasMessageContaining("--trust-new-host-key");

        KnownHosts recorded;
        try (SshExecutor trusting = SshExecutor.connect(target, sshd.clientKey(), KnownHosts.empty(), true)) {
            recorded = trusting.knownHosts();
        }
        assertThat(recorded.text().strip()).isEqualTo(sshd.knownHostsLine());
        try (SshExecutor strict = SshExecutor.connect(target, sshd.clientKey(), recorded, false)) {
            assertThat(strict.run(Command.of("true")).exitCode()).isZero();
        }
    }

    @Test
    void aWrongClientKeyIsRefusedWithItsFingerprint() {
        assertThatThrownBy(() -> SshExecutor.connect(SshTarget.parse(sshd.address()), sshd.otherClientKey(),
                        KnownHosts.parse(sshd.knownHostsLine()), false))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("refused the private key for user root")
                .hasMessageContaining("authorized_keys");
    }

    @Test
    void notAPrivateKeyIsAClearError() {
        assertThatThrownBy(() -> SshExecutor.connect(SshTarget.parse(sshd.address()), "hello",
                        KnownHosts.parse(sshd.knownHostsLine()), false))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("private key");
    }

    @Test
    void aClosedPortIsAClearError() {
        try (TestSshd stopped = TestSshd.start()) {
            String address = stopped.address();
            String key = stopped.clientKey();
            String known = stopped.knownHostsLine();
            stopped.close();
            assertThatThrownBy(() -> SshExecutor.connect(SshTarget.parse(address), key, KnownHosts.parse(known), false,
                            Duration.ofSeconds(5)))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void aChangedHostKeyIsRefusedNamingHostAndBothFingerprints() {
        try (TestSshd server = TestSshd.start()) {
            SshTarget target = SshTarget.parse(server.address());
            KnownHosts known = KnownHosts.parse(server.knownHostsLine());
            String expected = server.hostKeyFingerprint();
            try (SshExecutor before = SshExecutor.connect(target, server.clientKey(), known, false)) {
                assertThat(before.run(Command.of("true")).exitCode()).isZero();
            }

            server.restartWithNewHostKey();

            for (boolean trustNew : new boolean[] {false, true}) {
                assertThatThrownBy(() -> SshExecutor.connect(target, server.clientKey(), known, trustNew))
                        .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                            assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.CHANGED);
                            assertThat(e.expectedFingerprints()).containsExactly(expected);
                            assertThat(e.presentedFingerprint()).isEqualTo(server.hostKeyFingerprint());
                        })
                        .hasMessageContaining("HOST KEY CHANGED for [127.0.0.1]:" + server.port())
                        .hasMessageContaining(expected)
                        .hasMessageContaining(server.hostKeyFingerprint())
                        .hasMessageContaining("maestro servers remove");
            }
        }
    }

    private static List<String> echoedArgs(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\000"));
        argv.addAll(args);
        String out = ssh.run(Command.of(argv)).requireSuccess().stdout();
        List<String> received = new ArrayList<>(Arrays.asList(out.split("\0", -1)));
        received.remove(received.size() - 1);
        return received;
    }
}
