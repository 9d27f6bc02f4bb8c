package io.maestro.hosts.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Free ports on this machine, asked of the kernel (bind to port 0, read the port, close): for the
 * processes Maestro starts (data stores, the local registry, the control plane of {@code up}) and
 * the replicas' loopback ports of the local target. The port is free when returned; a caller that
 * hands out several before binding them keeps its own record, as the local target does.
 */
public final class FreePorts {

    private FreePorts() {}

    /** A TCP port free on the loopback address. */
    public static int loopback() {
        return tcp(InetAddress.getLoopbackAddress());
    }

    /**
     * A TCP port free on {@code address} ({@code 0.0.0.0}: on every interface).
     *
     * @throws UncheckedIOException when the address is not this host's or no port is left
     */
    public static int tcp(String address) {
        try {
            return tcp(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("no free port on " + address + ": unknown address", e);
        }
    }

    /** A TCP port free on {@code address}. */
    public static int tcp(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    /** Whether TCP {@code port} can be bound on the loopback address now. */
    public static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether UDP {@code port} can be bound on the loopback address now. */
    public static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
