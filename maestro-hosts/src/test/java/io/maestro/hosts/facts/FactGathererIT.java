package io.maestro.hosts.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.exec.KnownHosts;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.exec.SshExecutor;
import io.maestro.hosts.exec.SshTarget;
import io.maestro.hosts.testing.TestSshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class FactGathererIT {

    private final FactGatherer gatherer = new FactGatherer(Clock.systemUTC());

    @Test
    void factsOfThisMachineMatchWhatJavaSees() throws IOException {
        HostFacts facts = gatherer.gather(new LocalExecutor());

        assertThat(facts.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.os()).isEqualTo(OsRelease.parse(Files.readString(Path.of("/etc/os-release"))));
        assertThat(facts.architecture()).isIn("x86_64", "aarch64");
        assertThat(facts.memoryBytes()).isGreaterThan(256L << 20);
        assertThat(facts.disk().mountPoint()).isEqualTo("/");
        assertThat(facts.disk().totalBytes()).isEqualTo(Files.getFileStore(Path.of("/")).getTotalSpace());
        assertThat(facts.packages().manager()).isEqualTo("dpkg");
        assertThat(facts.packages().has("openssh-server")).isTrue();
    }

    @Test
    void factsOverSshAreTheSameAsLocally() {
        HostFacts local = gatherer.gather(new LocalExecutor());
        try (TestSshd sshd = TestSshd.start();
                SshExecutor ssh = SshExecutor.connect(SshTarget.parse(sshd.address()), sshd.clientKey(),
                        KnownHosts.parse(sshd.knownHostsLine()), false)) {
            HostFacts remote = gatherer.gather(ssh);
            assertThat(remote.hostname()).isEqualTo(local.hostname());
            assertThat(remote.os()).isEqualTo(local.os());
            assertThat(remote.cores()).isEqualTo(local.cores());
            assertThat(remote.memoryBytes()).isEqualTo(local.memoryBytes());
            assertThat(remote.packages().versions()).isEqualTo(local.packages().versions());
        }
    }
}
