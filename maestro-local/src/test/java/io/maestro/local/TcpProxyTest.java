package io.maestro.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.local.testing.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy against tiny in-process HTTP backends on loopback. */
class TcpProxyTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void connectionsAreSpreadOverTheBackendsRoundRobin() throws Exception {
        int a = backend("a");
        int b = backend("b");
        TcpProxy proxy = proxy();
        proxy.route(List.of(a, b));

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(Http.get(proxy.port(), "/").body());
        }

        assertThat(bodies).containsExactlyInAnyOrder("a", "a", "b", "b");
    }

    @Test
    void aBackendThatRefusesIsSkippedBeforeTheClientNotices() throws Exception {
        int dead;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = closed.getLocalPort();
        }
        int live = backend("live");
        TcpProxy proxy = proxy();
        proxy.route(List.of(dead, live));

        for (int i = 0; i < 4; i++) {
            assertThat(Http.get(proxy.port(), "/").body()).isEqualTo("live");
        }
        assertThat(proxy.refusedConnections()).isZero();
    }

    @Test
    void newConnectionsFollowTheRouteSwitch() throws Exception {
        int old = backend("old");
        int fresh = backend("new");
        TcpProxy proxy = proxy();
        proxy.route(List.of(old));
        assertThat(Http.get(proxy.port(), "/").body()).isEqualTo("old");

        proxy.route(List.of(fresh));

        assertThat(Http.get(proxy.port(), "/").body()).isEqualTo("new");
        assertThat(proxy.activeConnections(old)).isZero();
    }

    @Test
    void aTakenPortIsAnErrorThatNamesPortAndService() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TcpProxy.start("hello-production/web", "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(LocalException.class)
                    .hasMessageContaining("hello-production/web")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    private TcpProxy proxy() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        TcpProxy proxy = TcpProxy.start("test", "127.0.0.1", port);
        open.add(proxy);
        return proxy;
    }

    /** A backend answering every connection with a 200 whose body is {@code name}. */
    private int backend(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[1024]);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + name.length() + "\r\n\r\n" + name)
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed by the test
                }
            }
        });
        return server.getLocalPort();
    }
}
