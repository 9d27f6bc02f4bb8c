package io.maestro.hosts.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aFreeLoopbackPortCanBeBoundRightAfter() throws Exception {
        int port = FreePorts.loopback();

        assertThat(port).isBetween(1, 65_535);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aBoundPortIsNotFreeForItsProtocol() throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(FreePorts.tcpFree(tcp.getLocalPort())).isFalse();
            assertThat(FreePorts.udpFree(udp.getLocalPort())).isFalse();
        }
    }

    @Test
    void anAddressThatIsNotThisHostsIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> FreePorts.tcp("192.0.2.1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("192.0.2.1");
    }
}
