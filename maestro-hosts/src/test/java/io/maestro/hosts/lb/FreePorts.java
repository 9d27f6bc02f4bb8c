package io.maestro.hosts.lb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, chosen by the kernel. */
final class FreePorts {

    private FreePorts() {}

    static int tcp() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for both TCP and UDP. */
    static int udp() {
        for (int i = 0; i < 50; i++) {
            int port = tcp();
            try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IllegalStateException("no free UDP port");
    }
}
