package io.maestro.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpProxyTest {

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aDatagramReachesAReplicaAndItsAnswerComesBackFromThePublishedPort() throws Exception {
        DatagramSocket a = echo("a");
        UdpProxy proxy = proxy();
        proxy.route(List.of(a.getLocalPort()));

        try (DatagramSocket client = client()) {
            assertThat(ask(client, proxy, "ping")).isEqualTo("a:ping");
            assertThat(ask(client, proxy, "again")).isEqualTo("a:again");
        }
        assertThat(proxy.sessions()).isEqualTo(1);
    }

    @Test
    void afterARouteChangeAClientsNextDatagramGoesToACurrentReplica() throws Exception {
        DatagramSocket a = echo("a");
        DatagramSocket b = echo("b");
        UdpProxy proxy = proxy();
        proxy.route(List.of(a.getLocalPort()));

        try (DatagramSocket client = client()) {
            assertThat(ask(client, proxy, "1")).isEqualTo("a:1");
            proxy.route(List.of(b.getLocalPort()));
            assertThat(ask(client, proxy, "2")).isEqualTo("b:2");
        }
    }

    @Test
    void clientsAreSpreadOverTheReplicas() throws Exception {
        DatagramSocket a = echo("a");
        DatagramSocket b = echo("b");
        UdpProxy proxy = proxy();
        proxy.route(List.of(a.getLocalPort(), b.getLocalPort()));

        try (DatagramSocket first = client(); DatagramSocket second = client()) {
            assertThat(List.of(ask(first, proxy, "x"), ask(second, proxy, "x"))).containsExactlyInAnyOrder("a:x", "b:x");
        }
    }

    @Test
    void withoutReplicasADatagramIsDroppedAndNothingAnswers() throws Exception {
        UdpProxy proxy = proxy();

        try (DatagramSocket client = client()) {
            client.setSoTimeout(300);
            send(client, proxy, "lost");
            assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[100], 100)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aTakenPortIsRefusedWithTheServiceNamed() throws Exception {
        UdpProxy proxy = proxy();

        assertThatThrownBy(() -> UdpProxy.start("shop-production/dns", "127.0.0.1", proxy.port()))
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("shop-production/dns")
                .hasMessageContaining("/udp");
    }

    private UdpProxy proxy() {
        UdpProxy proxy = UdpProxy.start("test", "127.0.0.1", 0);
        open.add(proxy);
        return proxy;
    }

    /** A replica: answers every datagram with {@code name:payload}. */
    private DatagramSocket echo(String name) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(socket);
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    socket.receive(in);
                    byte[] out = (name + ":" + new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket;
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(DatagramSocket client, UdpProxy proxy, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), proxy.port()));
    }

    private static String ask(DatagramSocket client, UdpProxy proxy, String text) throws IOException {
        send(client, proxy, text);
        DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
        client.receive(answer);
        assertThat(answer.getPort()).isEqualTo(proxy.port());
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
    }
}
