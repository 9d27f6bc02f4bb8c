package io.maestro.hosts.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maestro.hosts.facts.FactGatherer;
import io.maestro.hosts.facts.HostFacts;
import io.maestro.hosts.testing.NetworkNamespace;
import io.maestro.hosts.testing.TestSshd;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A second host simulated with a network namespace: sshd runs inside it on its own address,
 * reached over a veth link, so the executor talks to a host whose network is not this one's.
 */
class TwoHostIT {

    @Test
    void commandsAndFactsReachAServerInAnotherNetworkNamespace() {
        assumeTrue(NetworkNamespace.available(), "network namespaces need root and iproute2");
        try (NetworkNamespace ns = NetworkNamespace.create();
                TestSshd sshd = TestSshd.startIn(ns);
                SshExecutor remote = SshExecutor.connect(SshTarget.parse(sshd.address()), sshd.clientKey(),
                        KnownHosts.parse(sshd.knownHostsLine()), false)) {
            assertThat(sshd.address()).isEqualTo("root@" + ns.peerAddress() + ":22");

            String remoteAddresses = remote.run(Command.of("ip", "-o", "-4", "addr", "show")).requireSuccess().stdout();
            String localAddresses = new LocalExecutor().run(Command.of("ip", "-o", "-4", "addr", "show")).requireSuccess().stdout();
            assertThat(remoteAddresses).contains(ns.peerAddress()).doesNotContain(ns.hostAddress() + "/");
            assertThat(localAddresses).contains(ns.hostAddress()).doesNotContain(ns.peerAddress() + "/");
            assertThat(remote.run(Command.of("sh", "-c", "echo $SSH_CONNECTION")).stdout())
                    .startsWith(ns.hostAddress() + " ").contains(" " + ns.peerAddress() + " 22");

            remote.writeFile("/tmp/maestro-two-host-" + ns.name(), "from the control plane".getBytes(), 0600);
            assertThat(remote.readFile("/tmp/maestro-two-host-" + ns.name())).map(String::new).contains("from the control plane");
            remote.run(Command.of("rm", "-f", "/tmp/maestro-two-host-" + ns.name())).requireSuccess();

            HostFacts facts = new FactGatherer(Clock.systemUTC()).gather(remote);
            assertThat(facts.cores()).isPositive();
            assertThat(facts.packages().has("openssh-server")).isTrue();
        }
    }
}
