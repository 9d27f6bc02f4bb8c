package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.hosts.testing.TestSshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maestro servers add|list|show|exec|remove against a real control plane and a real sshd. */
class ServersCommandIT {

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() {
        live = LiveServer.start(dir).loggedInAsAdmin();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void thisHostIsAddedListedShownUsedAndRemoved() {
        Cli.Run added = live.maestro("servers", "add", "here", "--local");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).startsWith("added server here (local): ").contains(" cores, ").contains(" packages");

        Cli.Run list = live.maestro("servers", "list");
        assertThat(list.out().lines().toList().get(0)).startsWith("NAME  ADDRESS  OS");
        assertThat(list.out().lines().toList().get(1)).startsWith("here  local    ");

        Cli.Run show = live.maestro("servers", "show", "here", "--packages");
        assertThat(show.out()).contains("cores     ").containsPattern("(?m)^openssh-server +\\S+");

        Cli.Run exec = live.maestro("servers", "exec", "here", "--", "sh", "-c", "echo \"$1\"; echo warn >&2; exit 3", "sh", "a b;$c");
        assertThat(exec.exitCode()).isEqualTo(3);
        assertThat(exec.out()).isEqualTo("a b;$c\n");
        assertThat(exec.err()).isEqualTo("warn\n");

        JsonNode json = OnlineCommandsIT.json(live.maestro("servers", "exec", "here", "--output", "json", "--", "printf", "%s", "x"));
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("stdout").asText()).isEqualTo("x");
        assertThat(OnlineCommandsIT.json(live.maestro("servers", "list", "--output", "json")).at("/servers/0/name").asText())
                .isEqualTo("here");

        assertThat(live.maestro("servers", "remove", "here").out()).isEqualTo("removed server here\n");
        Cli.Run gone = live.maestro("servers", "show", "here");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no server named 'here'");
    }

    @Test
    void anSshServerNeedsItsHostKeyTrusted() throws IOException {
        try (TestSshd sshd = TestSshd.start()) {
            Path key = Files.writeString(dir.resolve("id_ed25519"), sshd.clientKey());
            Cli.Run refused = live.maestro("servers", "add", "far", "--ssh", sshd.address(), "--key", key.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("is not known").contains(sshd.hostKeyFingerprint()).contains("--trust-new-host-key");
            assertThat(live.maestro("servers", "list").out().lines()).hasSize(1);

            Cli.Run added = live.maestro("servers", "add", "far", "--ssh", sshd.address(), "--key", key.toString(),
                    "--trust-new-host-key");
            assertThat(added.exitCode()).as(added.toString()).isZero();
            assertThat(added.out()).contains("host key: " + sshd.hostKeyFingerprint());

            Cli.Run uname = live.maestro("servers", "exec", "far", "--", "uname", "-s");
            assertThat(uname.out()).isEqualTo("Linux\n");

            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            assertThat(live.maestro("servers", "add", "far2", "--ssh", sshd.address(), "--key", key.toString(),
                    "--known-hosts", knownHosts.toString()).exitCode()).isZero();
        }
    }

    @Test
    void usageMistakesAreExit2() {
        assertThat(live.maestro("servers", "add", "x").exitCode()).isEqualTo(2);
        assertThat(live.maestro("servers", "add", "x", "--local", "--ssh", "root@h").exitCode()).isEqualTo(2);
        Cli.Run noKey = live.maestro("servers", "add", "x", "--ssh", "root@h");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("--ssh needs --key FILE");
        assertThat(live.maestro("servers", "add", "x", "--ssh", "root@h", "--key", "missing-file").err())
                .contains("it does not exist");
        assertThat(live.maestro("servers", "exec", "x").exitCode()).isEqualTo(2);
    }
}
